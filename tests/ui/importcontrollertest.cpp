// ImportController: File › Import of a HAR recording (tests/data/har) and of a "Copy as cURL"
// command into a new, unsaved document, with the importer's report; broken input leaves the
// document as it was and says why.
#include "importcontroller.h"
#include "profiledocument.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

namespace {

const QString kHar = QStringLiteral(CICADA_TEST_DATA_DIR "/har/demo-chat.har");
/// What the recording holds and the profile must not (tests/app/importtest.py has the same).
const QStringList kRecordedSecrets = {"hunter2-recorded", "recorded-bearer-token",
                                      "rec0rded5ess10n", "dark-mode", "recorded-query-token"};

/** The steps of the imported task as "kind name" lines, think steps left out. */
QStringList stepLines(const ProfileDocument &doc)
{
    const QString steps = QStringLiteral("$.userTypes[0].tasks[0].steps");
    QStringList lines;
    for (int i = 0; i < doc.count(steps); ++i) {
        const QString step = doc.element(steps, i);
        const QString kind = doc.stepKind(step);
        if (kind == QLatin1String("think"))
            continue;
        // A step is {"KIND": {options}}.
        const QString options = doc.child(step, kind);
        QString line = kind;
        if (kind == QLatin1String("http"))
            line += QLatin1Char(' ') + doc.text(doc.child(options, QStringLiteral("method")));
        const QString name = doc.text(doc.child(options, QStringLiteral("name")));
        if (!name.isEmpty())
            line += QLatin1Char(' ') + name;
        lines.append(line);
    }
    return lines;
}

QString documentText(const ProfileDocument &doc)
{
    return QString::fromUtf8(QJsonDocument(doc.json().toObject()).toJson());
}

} // namespace

class ImportControllerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aChromiumHarBecomesANewUnsavedProfileWithItsReport()
    {
        ProfileDocument doc;
        QTemporaryDir dir;
        QVERIFY(doc.saveAs(dir.filePath("before.cicada.json")));
        QVERIFY(!doc.isDirty());
        ImportController importer;
        importer.setDocument(&doc);
        QSignalSpy reported(&importer, &ImportController::reportChanged);

        QVERIFY2(importer.importHar(kHar), qPrintable(importer.lastError()));
        QCOMPARE(reported.count(), 1);
        QVERIFY(importer.lastError().isEmpty());
        // A new document: untitled, unsaved, valid.
        QVERIFY(doc.filePath().isEmpty());
        QVERIFY(doc.isDirty());
        QCOMPARE(doc.errorCount(), 0);
        QCOMPARE(doc.text("$.target.baseUrl"), QString("http://127.0.0.1:8765"));
        QCOMPARE(doc.text("$.target.brokerUrl"), QString("ws://127.0.0.1:8765/broker"));
        // The recording in order: the page, the login, the profile, the chat over the WebSocket
        // (the two chat sends await the reply with their inferred /id; "typing" gets no reply),
        // the items; static assets, the preflight, the analytics host and a binary frame skipped.
        QCOMPARE(stepLines(doc),
                 (QStringList{"http GET /", "http POST /login", "http GET /api/profile",
                              "wsConnect broker", "wsSend chat", "wsSend chat", "wsSend typing",
                              "http GET /api/items", "close"}));
        const QString steps = "$.userTypes[0].tasks[0].steps";
        int sendsAwaitingId = 0;
        for (int i = 0; i < doc.count(steps); ++i) {
            const QString step = doc.element(steps, i);
            if (doc.stepKind(step) == "wsSend" && doc.stepSummary(step).contains("/id"))
                ++sendsAwaitingId;
        }
        QCOMPARE(sendsAwaitingId, 2);
        QCOMPARE(importer.result().matchFields, (QMap<QString, int>{{"/id", 2}}));
        QCOMPARE(importer.result().unmatchedSends, 1);

        // The report: counts, credentials as {{env.NAME}}, inferred matching, skips.
        QVERIFY2(importer.summary().contains("4 HTTP request(s)") &&
                     importer.summary().contains("3 WebSocket send(s)"),
                 qPrintable(importer.summary()));
        QStringList names;
        for (const QVariant &v : importer.environment())
            names.append(v.toMap().value("name").toString());
        QCOMPARE(names, (QStringList{"COOKIE_PREFS", "PASSWORD", "AUTHORIZATION", "ACCESS_TOKEN"}));
        for (const QString &name : std::as_const(names))
            QVERIFY2(documentText(doc).contains("{{env." + name + "}}"), qPrintable(name));
        const QString notes = importer.notes().join('\n');
        QVERIFY2(notes.contains("2 WebSocket send(s) await the reply with the same /id"),
                 qPrintable(notes));
        QVERIFY2(notes.contains("skipped 2 static asset request(s)"), qPrintable(notes));
        QVERIFY2(notes.contains("“Include static assets” keeps them"), qPrintable(notes));
        QVERIFY2(notes.contains("analytics.example.com"), qPrintable(notes));
        QVERIFY2(!notes.contains("--"), qPrintable(notes)); // no CLI options in the window
        QVERIFY(importer.reportText().contains("ACCESS_TOKEN"));
        for (const QString &secret : kRecordedSecrets) {
            QVERIFY2(!documentText(doc).contains(secret), qPrintable(secret));
            QVERIFY2(!importer.reportText().contains(secret), qPrintable(secret));
        }
    }

    void theOptionsKeepStaticAssetsAndOtherHosts()
    {
        ProfileDocument doc;
        ImportController importer;
        importer.setDocument(&doc);
        importer.setProperty("includeStaticAssets", true);
        importer.setProperty("allHosts", true);
        QVERIFY2(importer.importHar(kHar), qPrintable(importer.lastError()));
        // + app.js, logo.png and the analytics request.
        QCOMPARE(importer.result().httpSteps, 7);
        QVERIFY(!importer.notes().join('\n').contains("skipped 2 static"));
    }

    void aBrokenHarLeavesTheDocumentAndSaysWhy_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not a HAR") << QByteArray(R"({"log": {}})") << "not a HAR file";
        QTest::newRow("not JSON") << QByteArray("{\"log\": [") << "not JSON";
        QTest::newRow("no usable entry")
            << QByteArray(R"({"log": {"entries": [{"request": {"method": "GET"}}]}})")
            << "$.log.entries[0].request.url";
    }

    void aBrokenHarLeavesTheDocumentAndSaysWhy()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.har");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();

        ProfileDocument doc;
        doc.setText("$.name", "mine");
        const QJsonValue before = doc.json();
        ImportController importer;
        importer.setDocument(&doc);
        QVERIFY(importer.importCurl("curl http://127.0.0.1:1/x")); // a report to replace
        doc.loadJson(before.toVariant());
        QVERIFY(!importer.importHar(path));
        QVERIFY2(importer.lastError().contains(reason), qPrintable(importer.lastError()));
        QVERIFY(importer.lastError().contains("broken.har"));
        QVERIFY(importer.summary().isEmpty());
        QVERIFY(importer.environment().isEmpty());
        QCOMPARE(doc.json(), before);
        QCOMPARE(doc.name(), QString("mine"));
    }

    void aMissingFileSaysSo()
    {
        ProfileDocument doc;
        ImportController importer;
        importer.setDocument(&doc);
        QVERIFY(!importer.importHar("/nonexistent/recording.har"));
        QVERIFY2(importer.lastError().contains("/nonexistent/recording.har"),
                 qPrintable(importer.lastError()));
        QVERIFY(!doc.isDirty());
    }

    void aCopiedCurlCommandBecomesOneHttpStep()
    {
        ProfileDocument doc;
        ImportController importer;
        importer.setDocument(&doc);
        const QString command =
            "curl 'http://127.0.0.1:8765/api/echo' \\\n  -H 'content-type: application/json' "
            "\\\n  -H 'X-Api-Key: k3y-recorded' --data-raw '{\"text\":\"hi\"}' --compressed";
        QVERIFY2(importer.importCurl(command), qPrintable(importer.lastError()));
        QVERIFY(doc.isDirty());
        QVERIFY(doc.filePath().isEmpty());
        QCOMPARE(stepLines(doc), QStringList{"http POST /api/echo"});
        QCOMPARE(importer.environment().size(), 1);
        QCOMPARE(importer.environment().constFirst().toMap().value("name").toString(),
                 QString("X_API_KEY"));
        QVERIFY(!documentText(doc).contains("k3y-recorded"));
        QVERIFY(importer.summary().contains("1 HTTP request(s)"));
    }

    void aBadCurlCommandLeavesTheDocumentAndSaysWhy_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << "  \n"
                               << "Paste a command";
        QTest::newRow("not curl") << "wget http://127.0.0.1/"
                                  << "not a curl command";
        QTest::newRow("unterminated quote") << "curl 'http://127.0.0.1/"
                                            << "quote";
    }

    void aBadCurlCommandLeavesTheDocumentAndSaysWhy()
    {
        QFETCH(QString, command);
        QFETCH(QString, reason);
        ProfileDocument doc;
        const QJsonValue before = doc.json();
        ImportController importer;
        importer.setDocument(&doc);
        QVERIFY(!importer.importCurl(command));
        QVERIFY2(importer.lastError().contains(reason, Qt::CaseInsensitive),
                 qPrintable(importer.lastError()));
        QCOMPARE(doc.json(), before);
        QVERIFY(!doc.isDirty());
    }
};

QTEST_MAIN(ImportControllerTest)
#include "importcontrollertest.moc"
