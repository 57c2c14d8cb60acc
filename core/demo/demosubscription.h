#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace cicada {

/**
 * @brief One `subscribe` of a demo broker connection: pushes
 * `{"type":<topic>,"seq":n,"ts":<time>,"price":<number>}` on a timer until its count is sent or it
 * is destroyed (it is a child of its connection's socket, so it stops when the connection closes).
 *
 * Push k (k = 1..count) is due k × interval after start(), measured on a monotonic clock, so the
 * pushes do not drift. seq counts from 1; with gapEvery G > 0 every G-th seq is skipped (never
 * sent, no time slot) so a client sees one lost message per skipped seq. "ts" is milliseconds
 * since the epoch, or ISO 8601 UTC with milliseconds ("2026-11-29T01:16:10.123Z").
 */
class DemoSubscription final : public QObject
{
    Q_OBJECT
public:
    /** Sends one push; the broker counts it. */
    using Send = std::function<void(const QString &)>;

    struct Settings
    {
        QString topic;
        qint64 intervalMs = 50;
        qint64 count = 0;    ///< pushes to send; 0 = until destroyed
        qint64 gapEvery = 0; ///< 0 = no gaps
        bool isoTimestamps = false;
    };

    DemoSubscription(const Settings &settings, Send send, QObject *parent);

    void start();

    /** The push for @p seq at @p epochMs (pure; the price is a function of seq). */
    [[nodiscard]] static QString pushMessage(const QString &topic, qint64 seq, qint64 epochMs,
                                             bool isoTimestamp);

private:
    void onTimeout();
    void scheduleNext();

    Settings m_settings;
    Send m_send;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_seq = 0;
    qint64 m_sent = 0;
};

} // namespace cicada
