// The master locustfile: Locust itself loads it and sees the profile's user types and weights.
#include "distributed/locustfilegenerator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

namespace {

Profile profileWith(const QList<QPair<QString, int>> &types)
{
    Profile p;
    p.name = QStringLiteral("Test \"profile\"");
    p.target.baseUrl = QStringLiteral("http://127.0.0.1:8765");
    for (const auto &[name, weight] : types) {
        UserType t;
        t.name = name;
        t.weight = weight;
        p.userTypes.append(t);
    }
    return p;
}

} // namespace

class LocustfileGeneratorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plainClassNames_data();
    void plainClassNames();
    void pythonStringEscapes();
    void locustLoadsTheProfilesUserTypes();
};

void LocustfileGeneratorTest::plainClassNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("plain");
    QTest::newRow("ChatUser") << QStringLiteral("ChatUser") << true;
    QTest::newRow("_x1") << QStringLiteral("_x1") << true;
    QTest::newRow("space") << QStringLiteral("Chat user") << false;
    QTest::newRow("dash") << QStringLiteral("chat-user") << false;
    QTest::newRow("digit first") << QStringLiteral("1user") << false;
    QTest::newRow("keyword") << QStringLiteral("class") << false;
    QTest::newRow("import clash") << QStringLiteral("User") << false;
    QTest::newRow("dunder") << QStringLiteral("__init__") << false;
    QTest::newRow("non-ascii") << QStringLiteral("Nutzer\u00e4") << false;
}

void LocustfileGeneratorTest::plainClassNames()
{
    QFETCH(QString, name);
    QFETCH(bool, plain);
    QCOMPARE(LocustfileGenerator::isPlainClassName(name), plain);
}

void LocustfileGeneratorTest::pythonStringEscapes()
{
    QCOMPARE(LocustfileGenerator::pythonString(QStringLiteral("a\"b\\c\nd")),
             QStringLiteral("\"a\\\"b\\\\c\\nd\""));
}

void LocustfileGeneratorTest::locustLoadsTheProfilesUserTypes()
{
    const Profile profile = profileWith({{QStringLiteral("ChatUser"), 3},
                                         {QStringLiteral("Browser"), 1},
                                         {QStringLiteral("Chat \"user\" 2"), 2},
                                         {QStringLiteral("class"), 5},
                                         {QStringLiteral("User"), 1}});
    Profile withFixed = profile;
    withFixed.userTypes[1].fixedCount = 4; // Browser: a plain class
    withFixed.userTypes[2].fixedCount = 2; // built with type()
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("master.py"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(
        LocustfileGenerator::generate(withFixed, QStringLiteral("/x/test.cicada.json")).toUtf8());
    file.close();

    // Locust's own loader, as `locust -f master.py` uses it.
    const QString script = QStringLiteral(R"PY(
import json, sys
from locust.util.load_locustfile import load_locustfile
doc, classes, shape = load_locustfile(sys.argv[1])
print(json.dumps(sorted([[c.__name__, c.weight, c.host, len(c.tasks), c.fixed_count]
                         for c in classes.values()])))
)PY");
    QProcess python;
    python.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, path});
    QVERIFY(python.waitForFinished(30000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const QJsonArray classes = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
    QCOMPARE(classes.size(), 5);
    QMap<QString, int> weights;
    QMap<QString, int> fixedCounts;
    for (const QJsonValue &c : classes) {
        const QJsonArray row = c.toArray();
        weights.insert(row[0].toString(), row[1].toInt());
        if (row[4].toInt() > 0)
            fixedCounts.insert(row[0].toString(), row[4].toInt());
        QCOMPARE(row[2].toString(), QStringLiteral("http://127.0.0.1:8765"));
        QCOMPARE(row[3].toInt(), 1);
    }
    const QMap<QString, int> expected{{QStringLiteral("ChatUser"), 3},
                                      {QStringLiteral("Browser"), 1},
                                      {QStringLiteral("Chat \"user\" 2"), 2},
                                      {QStringLiteral("class"), 5},
                                      {QStringLiteral("User"), 1}};
    QCOMPARE(weights, expected);
    const QMap<QString, int> expectedFixed{{QStringLiteral("Browser"), 4},
                                           {QStringLiteral("Chat \"user\" 2"), 2}};
    QCOMPARE(fixedCounts, expectedFixed);
}

QTEST_GUILESS_MAIN(LocustfileGeneratorTest)
#include "locustfilegeneratortest.moc"
