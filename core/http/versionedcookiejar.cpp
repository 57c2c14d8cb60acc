#include "versionedcookiejar.h"

namespace cicada {

// Each override bumps the version before and after the base call: the base implementation of
// setCookiesFromUrl() calls the others, and a cache built in between must not survive either.

bool VersionedCookieJar::setCookiesFromUrl(const QList<QNetworkCookie> &cookieList, const QUrl &url)
{
    ++m_version;
    const bool changed = QNetworkCookieJar::setCookiesFromUrl(cookieList, url);
    ++m_version;
    return changed;
}

bool VersionedCookieJar::insertCookie(const QNetworkCookie &cookie)
{
    ++m_version;
    const bool inserted = QNetworkCookieJar::insertCookie(cookie);
    ++m_version;
    return inserted;
}

bool VersionedCookieJar::updateCookie(const QNetworkCookie &cookie)
{
    ++m_version;
    const bool updated = QNetworkCookieJar::updateCookie(cookie);
    ++m_version;
    return updated;
}

bool VersionedCookieJar::deleteCookie(const QNetworkCookie &cookie)
{
    ++m_version;
    const bool deleted = QNetworkCookieJar::deleteCookie(cookie);
    ++m_version;
    return deleted;
}

} // namespace cicada
