#include "demosubscription.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace cicada {

DemoSubscription::DemoSubscription(const Settings &settings, Send send, QObject *parent)
    : QObject(parent), m_settings(settings), m_send(std::move(send)), m_timer(this)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &DemoSubscription::onTimeout);
}

void DemoSubscription::start()
{
    m_clock.start();
    scheduleNext();
}

QString DemoSubscription::pushMessage(const QString &topic, qint64 seq, qint64 epochMs,
                                      bool isoTimestamp)
{
    const QJsonValue ts =
        isoTimestamp ? QJsonValue(QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC)
                                      .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")))
                     : QJsonValue(epochMs);
    // Deterministic, so that tests and captures can predict it.
    const double price = std::round((100.0 + 5.0 * std::sin(double(seq) / 5.0)) * 100.0) / 100.0;
    const QJsonObject push{{QStringLiteral("type"), topic},
                           {QStringLiteral("seq"), seq},
                           {QStringLiteral("ts"), ts},
                           {QStringLiteral("price"), price}};
    return QString::fromUtf8(QJsonDocument(push).toJson(QJsonDocument::Compact));
}

void DemoSubscription::scheduleNext()
{
    const qint64 dueMs = (m_sent + 1) * m_settings.intervalMs;
    m_timer.start(int(qMax<qint64>(0, dueMs - m_clock.elapsed())));
}

void DemoSubscription::onTimeout()
{
    ++m_seq;
    if (m_settings.gapEvery > 0 && m_seq % m_settings.gapEvery == 0)
        ++m_seq;
    ++m_sent;
    m_send(pushMessage(m_settings.topic, m_seq, QDateTime::currentMSecsSinceEpoch(),
                       m_settings.isoTimestamps));
    if (m_settings.count == 0 || m_sent < m_settings.count)
        scheduleNext();
}

} // namespace cicada
