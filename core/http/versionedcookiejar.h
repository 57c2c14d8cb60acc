#pragma once

#include <QNetworkCookieJar>

namespace cicada {

/**
 * @brief A QNetworkCookieJar that counts its changes, so a transport can cache the Cookie header
 * it built for a URL and skip QNetworkCookieJar::cookiesForUrl() (a scan and a list of copies)
 * on every request while nothing changed.
 *
 * Every public way to change the jar (setCookiesFromUrl, insertCookie, updateCookie,
 * deleteCookie) goes through the virtual overrides below and bumps version(). Expiry is not a
 * change: a cache must also stop at the earliest expiration date of the cookies it holds.
 */
class VersionedCookieJar final : public QNetworkCookieJar
{
    Q_OBJECT
public:
    using QNetworkCookieJar::QNetworkCookieJar;

    /** Bumped by every change that may alter what cookiesForUrl() returns. */
    [[nodiscard]] quint64 version() const { return m_version; }

    bool setCookiesFromUrl(const QList<QNetworkCookie> &cookieList, const QUrl &url) override;
    bool insertCookie(const QNetworkCookie &cookie) override;
    bool updateCookie(const QNetworkCookie &cookie) override;
    bool deleteCookie(const QNetworkCookie &cookie) override;

private:
    quint64 m_version = 0;
};

} // namespace cicada
