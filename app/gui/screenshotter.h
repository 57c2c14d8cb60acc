#pragma once

#include "guioptions.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QQuickWindow;

namespace cicada {

class RunController;

/**
 * @brief `cicada --screenshot FILE`: optionally runs the demo for --demo-seconds, shows the page
 *        asked for, renders the window to a PNG, prints what it captured and quits.
 *
 * For the Reports page the demo run is stopped first and its result saved, so the page lists it.
 * With --demo-seconds at least the profile's run time, the run ends by itself instead and the
 * page is captured once its result is saved (the Run page with its end-of-run verdict banner).
 * Prints one line: `screenshot: FILE WxH page=P rpsPoints=N latencyPoints=N usersPoints=N
 * requests=N results=N banner=0|1 verdict=KIND|-`, which the screenshot test reads.
 */
class Screenshotter final : public QObject
{
    Q_OBJECT
public:
    Screenshotter(QQuickWindow *window, GuiOptions options, QObject *parent = nullptr);

    /** Starts; the application quits (exit code 0 on success) when the PNG is written. */
    void start();

private:
    void afterDemo();
    void capture();
    void finish(int exitCode);
    [[nodiscard]] int pointsOf(const char *objectName) const;

    QPointer<QQuickWindow> m_window;
    GuiOptions m_options;
    RunController *m_run = nullptr;
    QTimer m_timeout;
};

} // namespace cicada
