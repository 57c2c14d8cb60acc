#pragma once

#include "stats/histogram.h"

#include <QElapsedTimer>
#include <QObject>
#include <QQmlEngine>
#include <QTimer>

namespace cicada {

/**
 * @brief Measures the event-loop lag of the thread it lives in (the GUI thread): a precise timer
 *        fires every kIntervalMs and the time it arrives late is recorded (µs).
 *
 * lagMs is the worst lag over the last second (for the status bar); histogram() keeps every
 * sample since reset() (for the benchmark).
 */
class LagProbe : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(double lagMs READ lagMs NOTIFY lagChanged)
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
public:
    static constexpr int kIntervalMs = 20;

    explicit LagProbe(QObject *parent = nullptr);

    [[nodiscard]] double lagMs() const { return m_lagMs; }
    [[nodiscard]] bool isActive() const { return m_timer.isActive(); }
    void setActive(bool active);
    /** Lag samples (µs) since the last reset(). */
    [[nodiscard]] const Histogram &histogram() const { return m_histogram; }
    Q_INVOKABLE void reset();

Q_SIGNALS:
    void lagChanged();
    void activeChanged();

private:
    void onTimeout();

    QTimer m_timer;
    QElapsedTimer m_clock;
    QElapsedTimer m_secondClock;
    qint64 m_expectedNs = 0;
    qint64 m_worstThisSecondUs = 0;
    double m_lagMs = 0;
    Histogram m_histogram;
};

} // namespace cicada
