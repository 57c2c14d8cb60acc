// GuiOptions parses the command line without a QCoreApplication, and `cicada --help` /
// `--version` answer without a display (issue 11: they aborted with exit 134).
#include "guioptions.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

using namespace cicada;

class GuiOptionsTest : public QObject
{
    Q_OBJECT

private:
    /** Runs the executable with no display at all; returns {exit code, stdout}. */
    static std::pair<int, QString> runWithoutDisplay(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QString::fromLatin1(name));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(CICADA_GUI), args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return {-1, {}};
        }
        const int code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return {code, QString::fromUtf8(p.readAllStandardOutput())};
    }

private Q_SLOTS:
    void helpIsTextWithTheOptions()
    {
        GuiOptions options;
        QString output;
        QCOMPARE(options.parse({"cicada", "--help"}, &output), GuiOptions::Outcome::Help);
        QVERIFY2(output.startsWith("Usage: cicada [options] [PROFILE]"), qPrintable(output));
        QVERIFY(output.contains("--screenshot <FILE>"));
        QVERIFY(output.contains("--version"));
    }

    void versionNamesTheProgram()
    {
        GuiOptions options;
        QString output;
        QCOMPARE(options.parse({"cicada", "-v"}, &output), GuiOptions::Outcome::Version);
        QCOMPARE(output, QString("cicada %1\n").arg(CICADA_VERSION));
    }

    void badOptionsSayWhy()
    {
        GuiOptions options;
        QString output;
        QCOMPARE(options.parse({"cicada", "--page", "charts"}, &output),
                 GuiOptions::Outcome::Error);
        QVERIFY(output.contains("--page"));
        QCOMPARE(options.parse({"cicada", "--no-such-option"}, &output),
                 GuiOptions::Outcome::Error);
        QVERIFY(output.contains("no-such-option"));
    }

    void optionsAreRead()
    {
        GuiOptions options;
        QString output;
        QCOMPARE(
            options.parse({"cicada", "--dark", "--size", "1920x1080", "--page", "run", "p.json"},
                          &output),
            GuiOptions::Outcome::Run);
        QVERIFY(options.dark);
        QCOMPARE(options.size, QSize(1920, 1080));
        QCOMPARE(options.page, QString("run"));
        QCOMPARE(options.profile, QString("p.json"));
    }

    void helpAndVersionWorkWithoutADisplay()
    {
        const auto [helpCode, help] = runWithoutDisplay({"--help"});
        QCOMPARE(helpCode, 0);
        QVERIFY2(help.contains("--screenshot"), qPrintable(help));
        const auto [versionCode, version] = runWithoutDisplay({"--version"});
        QCOMPARE(versionCode, 0);
        QCOMPARE(version, QString("cicada %1\n").arg(CICADA_VERSION));
        const auto [badCode, bad] = runWithoutDisplay({"--page", "charts"});
        QCOMPARE(badCode, 2);
        QVERIFY(bad.isEmpty());
    }
};

QTEST_GUILESS_MAIN(GuiOptionsTest)
#include "guioptionstest.moc"
