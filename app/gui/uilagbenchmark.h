#pragma once

#include "guioptions.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QQuickWindow;

namespace cicada {

class LagProbe;
class RunController;

/**
 * @brief `cicada --bench-ui-lag`: runs closed-loop users with no wait time against the in-process
 *        demo server (the engine's highest request rate) with the Run page shown, and reports the
 *        GUI thread's event-loop lag (p50, p99, max) next to the request rate achieved.
 *
 * A benchmark, not a test: it prints figures and always exits 0 unless the run cannot start.
 */
class UiLagBenchmark final : public QObject
{
    Q_OBJECT
public:
    UiLagBenchmark(QQuickWindow *window, GuiOptions options, QObject *parent = nullptr);

    void start();

private:
    void onState();
    void report();

    QPointer<QQuickWindow> m_window;
    GuiOptions m_options;
    RunController *m_run = nullptr;
    LagProbe *m_probe = nullptr;
    QElapsedTimer m_measureClock;
    double m_requestsAtStart = 0;
    bool m_measuring = false;
    double m_cpuSum = 0;
    int m_cpuSamples = 0;
};

} // namespace cicada
