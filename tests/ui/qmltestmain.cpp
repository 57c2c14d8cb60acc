// Qt Quick Test runner for tests/ui/qml/tst_*.qml. ChartView needs a QApplication, so this main
// creates one before quick_test_main (which then uses it).
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(CicadaPlugin)

namespace {

/** @brief What the QML tests need from outside QML: a scratch folder and the example profile. */
class TestEnv : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString tempDir READ tempDir CONSTANT)
    Q_PROPERTY(QString examplePath READ examplePath CONSTANT)
public:
    explicit TestEnv(QString tempDir) : m_tempDir(std::move(tempDir)) {}
    [[nodiscard]] QString tempDir() const { return m_tempDir; }
    [[nodiscard]] static QString examplePath()
    {
        return QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json");
    }
    Q_INVOKABLE [[nodiscard]] static bool exists(const QString &path)
    {
        return QFile::exists(path);
    }
    Q_INVOKABLE [[nodiscard]] static QString read(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

private:
    QString m_tempDir;
};

/** @brief Lets test files on disk import the module compiled into this executable. */
class Setup : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // The module's qmldir lives in the resources at :/Cicada/qmldir.
        engine->addImportPath(QStringLiteral("qrc:/"));
    }
};

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CicadaTest"));
    QApplication::setApplicationName(QStringLiteral("qmltests"));
    QStandardPaths::setTestModeEnabled(true);
    QQuickStyle::setStyle(QStringLiteral("Fusion"));
    QTemporaryDir dir;
    TestEnv env(dir.path());
    // Test-only helper; product code registers types declaratively (QML_ELEMENT).
    qmlRegisterSingletonInstance("CicadaTest", 1, 0, "TestEnv", &env);
    Setup setup;
    return quick_test_main_with_setup(argc, argv, "qmltests", QUICK_TEST_SOURCE_DIR, &setup);
}

#include "qmltestmain.moc"
