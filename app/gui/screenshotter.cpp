#include "screenshotter.h"

#include "chartfeed.h"
#include "resultstore.h"
#include "runcontroller.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QQuickWindow>
#include <QTextStream>

namespace cicada {

namespace {
constexpr int kSettleMs = 700;        ///< layout, charts and fonts finish drawing
constexpr int kStopTimeoutMs = 30000; ///< a demo run ends well within this
constexpr int kOverallTimeoutS = 120; ///< on top of --demo-seconds
} // namespace

Screenshotter::Screenshotter(QQuickWindow *window, GuiOptions options, QObject *parent)
    : QObject(parent), m_window(window), m_options(std::move(options))
{
    m_run = m_window->property("run").value<RunController *>();
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        QTextStream(stderr) << "cicada: screenshot timed out\n";
        finish(1);
    });
}

void Screenshotter::start()
{
    m_timeout.start((m_options.demoSeconds + kOverallTimeoutS) * 1000);
    if (m_options.demoSeconds > 0)
        QTimer::singleShot(m_options.demoSeconds * 1000, this, &Screenshotter::afterDemo);
    else
        QTimer::singleShot(kSettleMs, this, &Screenshotter::capture);
}

void Screenshotter::afterDemo()
{
    // --demo-seconds at least the profile's run time: the run ends by itself (it is not stopped,
    // so it is judged as completed), and the page is captured once the result is saved — the
    // Run page with its end-of-run verdict banner.
    const bool runEndsByItself = m_run && m_run->isActive() && m_run->runTimeMs() > 0 &&
                                 double(m_options.demoSeconds) * 1000.0 >= m_run->runTimeMs();
    if (runEndsByItself) {
        connect(m_run, &RunController::finished, this, [this] {
            m_window->setProperty("currentPage", m_options.page);
            QTimer::singleShot(kSettleMs, this, &Screenshotter::capture);
        });
        m_timeout.start(kStopTimeoutMs);
        return;
    }
    if (m_options.page == QLatin1String("run") || !m_run || !m_run->isActive()) {
        m_window->setProperty("currentPage", m_options.page);
        QTimer::singleShot(kSettleMs, this, &Screenshotter::capture);
        return;
    }
    // Reports: finish the run so its result is saved and listed.
    connect(m_run, &RunController::finished, this, [this] {
        m_window->setProperty("currentPage", m_options.page);
        QTimer::singleShot(kSettleMs, this, &Screenshotter::capture);
    });
    m_run->stop();
    m_timeout.start(kStopTimeoutMs);
}

int Screenshotter::pointsOf(const char *objectName) const
{
    const QObject *chart = m_window->findChild<QObject *>(QString::fromLatin1(objectName));
    return chart ? chart->property("pointCount").toInt() : -1;
}

void Screenshotter::capture()
{
    const QImage image = m_window->grabWindow();
    const QString file = m_options.screenshot;
    const QFileInfo info(file);
    QDir().mkpath(info.absolutePath());
    if (image.isNull() || !image.save(file, "PNG")) {
        QTextStream(stderr) << "cicada: cannot write the screenshot " << file << "\n";
        finish(1);
        return;
    }
    const auto *store = m_window->property("results").value<ResultStore *>();
    const QObject *banner = m_window->findChild<QObject *>(QStringLiteral("verdictBanner"));
    const QString verdict =
        banner ? banner->property("view").value<QObject *>()->property("verdict").toString()
               : QString();
    QTextStream(stdout) << "screenshot: " << file << " " << image.width() << "x" << image.height()
                        << " page=" << m_window->property("currentPage").toString()
                        << " rpsPoints=" << pointsOf("rpsChart")
                        << " latencyPoints=" << pointsOf("latencyChart")
                        << " usersPoints=" << pointsOf("usersChart")
                        << " requests=" << qint64(m_run ? m_run->totalRequests() : 0)
                        << " results=" << (store ? store->count() : 0)
                        << " banner=" << (banner && banner->property("visible").toBool() ? 1 : 0)
                        << " verdict=" << (verdict.isEmpty() ? QStringLiteral("-") : verdict)
                        << "\n";
    finish(0);
}

void Screenshotter::finish(int exitCode)
{
    m_timeout.stop();
    if (m_run)
        m_run->stop();
    QCoreApplication::exit(exitCode);
}

} // namespace cicada
