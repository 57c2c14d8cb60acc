// Runs `cicada --screenshot` for each page (the run and reports pages after a short demo run)
// and checks that the PNGs are real pictures and that the run page's charts had points.
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

class ScreenshotTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    /** Runs cicada with @p args; returns its "screenshot:" line. */
    QString shoot(const QStringList &args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::SeparateChannels);
        QStringList all = args;
        all << "--data-dir" << m_dir.filePath("data");
        p.start(QStringLiteral(CICADA_GUI), all);
        if (!p.waitForFinished(90000)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        if (p.exitCode() != 0)
            qWarning().noquote() << out << p.readAllStandardError();
        return p.exitCode() == 0 ? out.trimmed() : QString();
    }

    static int value(const QString &line, const QString &key)
    {
        const QRegularExpression re(key + QStringLiteral("=(-?\\d+)"));
        const auto m = re.match(line);
        return m.hasMatch() ? m.captured(1).toInt() : -1;
    }

    static void verifyNotBlank(const QString &file, QSize size)
    {
        QImage image(file);
        QVERIFY2(!image.isNull(), qPrintable(file));
        QCOMPARE(image.size(), size);
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7) {
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        }
        QVERIFY2(colours.size() > 30, qPrintable(QString("only %1 colours").arg(colours.size())));
    }

private Q_SLOTS:
    void profilePage()
    {
        const QString file = m_dir.filePath("profile.png");
        const QString line =
            shoot({"--screenshot", file, "--page", "profile", "--select", "$.templates.chat",
                   CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json"});
        QVERIFY(line.startsWith("screenshot:"));
        verifyNotBlank(file, QSize(1280, 800));
    }

    void runPageAfterAShortDemoRunHasNonEmptySeries()
    {
        const QString file = m_dir.filePath("run.png");
        const QString line = shoot(
            {"--screenshot", file, "--page", "run", "--demo-seconds", "4", "--size", "1920x1080"});
        QVERIFY(line.startsWith("screenshot:"));
        verifyNotBlank(file, QSize(1920, 1080));
        QVERIFY2(value(line, "rpsPoints") >= 2, qPrintable(line));
        QVERIFY2(value(line, "latencyPoints") >= 2, qPrintable(line));
        QVERIFY2(value(line, "usersPoints") >= 2, qPrintable(line));
        QVERIFY2(value(line, "requests") > 0, qPrintable(line));
        QVERIFY2(value(line, "banner") == 0, qPrintable(line)); // still running: no verdict yet
    }

    void runPageShowsTheVerdictBannerWhenTheDemoRunEnds()
    {
        // The bundled demo runs 15 s: with --demo-seconds 15 the screenshot waits for its end.
        const QString file = m_dir.filePath("banner.png");
        const QString line = shoot({"--screenshot", file, "--page", "run", "--demo-seconds", "15"});
        QVERIFY(line.startsWith("screenshot:"));
        verifyNotBlank(file, QSize(1280, 800));
        QVERIFY2(value(line, "banner") == 1, qPrintable(line));
        // The demo profile has thresholds: the run is judged (pass, fail or unreliable).
        QVERIFY2(QRegularExpression(" verdict=(pass|fail|unreliable)").match(line).hasMatch(),
                 qPrintable(line));
        QVERIFY2(value(line, "results") >= 1, qPrintable(line));
    }

    void reportsPageListsTheDemoRun()
    {
        const QString file = m_dir.filePath("reports.png");
        const QString line =
            shoot({"--screenshot", file, "--page", "reports", "--demo-seconds", "3"});
        QVERIFY(line.startsWith("screenshot:"));
        verifyNotBlank(file, QSize(1280, 800));
        QVERIFY2(value(line, "results") >= 1, qPrintable(line));
    }
};

QTEST_GUILESS_MAIN(ScreenshotTest)
#include "screenshottest.moc"
