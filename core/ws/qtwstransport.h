#pragma once

#include "wstransport.h"

class QWebSocket;

namespace cicada {

/**
 * @brief WsTransport over QWebSocket: the `qt` WebSocket transport and the oracle of the
 *        differential tests.
 *
 * Adapts QWebSocket to the WsTransport contract: text messages are passed on as UTF-8, a
 * disconnect without a close handshake (no aboutToClose()) reports 1006 where Qt 6.4 says 1000,
 * and Qt's "Unhandled http status code: N (reason)" becomes "WebSocket upgrade rejected: HTTP N
 * reason" with httpStatus() N. One QWebSocket per open(); the previous one is deleted later.
 */
class QtWsTransport final : public WsTransport
{
    Q_OBJECT
public:
    explicit QtWsTransport(QObject *parent = nullptr);
    ~QtWsTransport() override;

    void open(const QUrl &url, const Options &options) override;
    qint64 sendTextMessage(const QByteArray &utf8) override;
    qint64 sendBinaryMessage(const QByteArray &data) override;
    void ping(const QByteArray &payload = {}) override;
    void close(quint16 code = 1000, const QByteArray &reasonUtf8 = {}) override;
    void abort() override;

    [[nodiscard]] bool isOpen() const override;
    [[nodiscard]] quint16 closeCode() const override { return m_closeCode; }
    [[nodiscard]] QString closeReason() const override { return m_closeReason; }
    [[nodiscard]] QString subprotocol() const override;
    [[nodiscard]] QString errorString() const override { return m_errorString; }
    [[nodiscard]] int httpStatus() const override { return m_httpStatus; }
    [[nodiscard]] bool failedLocally() const override { return m_failedLocally; }

private:
    void discard();
    void onError();
    void onDisconnected();

    QWebSocket *m_socket = nullptr;
    QString m_errorString;
    QString m_closeReason;
    int m_httpStatus = 0;
    quint16 m_closeCode = 0;
    bool m_closeHandshake = false; ///< aboutToClose() came: a close frame was seen or sent
    bool m_aborting = false;
    bool m_failedLocally = false;
    bool m_wasConnected = false;
    bool m_errorReported = false;
    bool m_finished = true;
};

} // namespace cicada
