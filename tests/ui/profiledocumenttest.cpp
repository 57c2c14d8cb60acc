#include "profiledocument.h"

#include "profile/profileio.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

namespace {
const QString kExample =
    QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json");
}

class ProfileDocumentTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newDocumentIsAValidUntitledProfile()
    {
        ProfileDocument doc;
        QVERIFY2(doc.isValid(),
                 qPrintable(doc.issues().value(0).toMap().value("message").toString()));
        QVERIFY(doc.filePath().isEmpty());
        QVERIFY(!doc.isDirty());
        QCOMPARE(doc.profile().userTypes.size(), 1);
    }

    void openLoadsTheFileAndEditingAFieldChangesTheProfile()
    {
        ProfileDocument doc;
        QSignalSpy dirty(&doc, &ProfileDocument::dirtyChanged);
        QVERIFY(doc.open(kExample));
        QVERIFY(doc.isValid());
        QCOMPARE(doc.name(), QString("Chat broker demo"));
        doc.setText("$.target.baseUrl", "http://127.0.0.1:9999");
        QCOMPARE(doc.profile().target.baseUrl, QString("http://127.0.0.1:9999"));
        QVERIFY(doc.isDirty());
        QVERIFY(dirty.count() >= 1);
        doc.setNumber("$.load.users", "42");
        QCOMPARE(doc.profile().load.users, 42);
        QCOMPARE(doc.text("$.load.users"), QString("42"));
    }

    void validationMessagesAppearAtTheFieldsPathAsYouType()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        doc.setText("$.target.baseUrl", "ftp://nope");
        QVERIFY(!doc.isValid());
        QVERIFY(doc.messageFor("$.target.baseUrl").contains("http"));
        QCOMPARE(doc.severityFor("$.target.baseUrl"), QString("error"));
        doc.setText("$.target.baseUrl", "http://127.0.0.1:8765");
        QVERIFY(doc.messageFor("$.target.baseUrl").isEmpty());
        QVERIFY(doc.isValid());

        doc.setNumber("$.load.users", "many");
        QVERIFY(!doc.messageFor("$.load.users").isEmpty());
        doc.setText("$.userTypes[0].tasks[0].steps[0].wsSend.timeout", "soon");
        QVERIFY(
            doc.messageFor("$.userTypes[0].tasks[0].steps[0].wsSend.timeout").contains("duration"));
        QVERIFY(doc.issueCountWithin("$.userTypes[0]") >= 1);
    }

    void templateEditsRenderALivePreviewAndKeepUnparsableText()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        QVariantMap preview = doc.previewTemplate("chat");
        QVERIFY(preview.value("ok").toBool());
        QVERIFY(preview.value("text").toString().contains("\"room\": \"lobby\""));
        QVERIFY(!preview.value("text").toString().contains("{{"));

        doc.setTemplateBody("chat", "json", "{\"id\": \"{{uuid}}\", \"hello\": \"{{user.index}}\"");
        QVERIFY(!doc.isValid()); // missing brace
        QVERIFY(!doc.messagesWithin("$.templates.chat").isEmpty());
        QCOMPARE(doc.templateBody("chat"),
                 QString("{\"id\": \"{{uuid}}\", \"hello\": \"{{user.index}}\""));

        doc.setTemplateBody("chat", "json", "{\"id\": \"{{uuid}}\", \"hello\": \"{{bogus}}\"}");
        QVERIFY(doc.messagesWithin("$.templates.chat").contains("unknown placeholder"));
        QVERIFY(!doc.previewTemplate("chat").value("ok").toBool());

        doc.setTemplateBody("chat", "json",
                            "{\"id\": \"{{uuid}}\", \"hello\": \"user {{user.index}}\"}");
        QVERIFY(doc.isValid());
        QVERIFY(doc.previewTemplate("chat").value("text").toString().contains("user 0"));

        doc.setTemplateBody("chat", "text", "ping {{user.seq}}");
        QCOMPARE(doc.templateKind("chat"), QString("text"));
        QCOMPARE(doc.previewTemplate("chat").value("text").toString(), QString("ping 1"));
    }

    void renamingATemplateUpdatesTheStepsThatUseIt()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        QVERIFY(doc.renameKey("$.templates", "chat", "message"));
        QVERIFY(doc.isValid());
        QCOMPARE(doc.text("$.userTypes[0].tasks[0].steps[0].wsSend.template"), QString("message"));
        QVERIFY(!doc.renameKey("$.templates", "message", "login")); // taken
    }

    void structureEditsAddRemoveAndReorder()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        QSignalSpy structure(&doc, &ProfileDocument::structureChanged);
        const QString steps = "$.userTypes[0].tasks[0].steps";
        for (const QString kind : {"http", "wsConnect", "wsSend", "think", "close"})
            doc.insert(steps, -1, doc.newStep(kind));
        QCOMPARE(doc.count(steps), 6);
        QCOMPARE(doc.stepKind(steps + "[3]"), QString("wsSend"));
        doc.move(steps, 5, 0);
        QCOMPARE(doc.stepKind(steps + "[0]"), QString("close"));
        doc.remove(steps + "[0]");
        QCOMPARE(doc.count(steps), 5);
        QVERIFY(structure.count() >= 7);

        const QString type = doc.addUserType();
        QCOMPARE(type, QString("$.userTypes[2]"));
        const QString task = doc.addTask(type);
        QCOMPARE(task, QString("$.userTypes[2].tasks[1]"));
        const QString name = doc.addTemplate("chat");
        QCOMPARE(name, QString("chat2"));
        QVERIFY2(doc.isValid(),
                 qPrintable(doc.issues().value(0).toMap().value("message").toString()));
        QCOMPARE(doc.nodeKind(task), QString("task"));
    }

    void saveThenReopenGivesTheSameProfileTheCliRuns()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("edited.cicada.json");
        ProfileDocument doc;
        QSignalSpy used(&doc, &ProfileDocument::fileUsed);
        QVERIFY(doc.open(kExample));
        doc.insert("$.cookies", -1, QVariantMap{{"name", "sessionid"}, {"value", "secret-1"}});
        doc.setTemplateBody("typing", "json", "{\"type\": \"typing\", \"id\": \"{{uuid}}\"}");
        QVERIFY(doc.isValid());
        QVERIFY(doc.saveAs(path));
        QVERIFY(!doc.isDirty());
        QCOMPARE(doc.filePath(), path);
        QCOMPARE(used.count(), 2);

        Profile fromCli;
        QList<ProfileIssue> issues;
        QVERIFY(ProfileIo::loadFile(path, &fromCli, &issues));
        QCOMPARE(fromCli, doc.profile());

        ProfileDocument reopened;
        QVERIFY(reopened.open(path));
        QCOMPARE(reopened.profile(), doc.profile());
        QCOMPARE(reopened.text("$.cookies[0].value"), QString("secret-1"));
    }

    void savingAnInvalidProfileKeepsEveryEdit()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("broken.cicada.json");
        ProfileDocument doc;
        doc.setText("$.target.baseUrl", "not a url");
        QVERIFY(!doc.isValid());
        QVERIFY(doc.saveAs(path));
        ProfileDocument reopened;
        QVERIFY(reopened.open(path));
        QCOMPARE(reopened.text("$.target.baseUrl"), QString("not a url"));
        QVERIFY(!reopened.messageFor("$.target.baseUrl").isEmpty());
    }

    void aFileThatIsNotJsonIsNotOpenedAndItsErrorsAreListed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.cicada.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"schema\": 1,\n  \"name\": \n}\n");
        f.close();
        ProfileDocument doc;
        doc.setText("$.name", "kept");
        QVERIFY(!doc.open(path));
        QVERIFY(doc.lastError().contains("bad.cicada.json"));
        QVERIFY(doc.lastError().contains(":4") || doc.lastError().contains(":3"));
        QCOMPARE(doc.name(), QString("kept")); // the current document stays
        QVERIFY(!doc.open(dir.filePath("missing.json")));
    }

    void loadExamplePointsTheProfileAtTheGivenServer()
    {
        ProfileDocument doc;
        doc.loadExample("http://127.0.0.1:1234", "ws://127.0.0.1:1234/broker");
        QVERIFY(doc.isValid());
        QVERIFY(doc.filePath().isEmpty());
        QCOMPARE(doc.profile().target.brokerUrl, QString("ws://127.0.0.1:1234/broker"));
        QCOMPARE(doc.profile().templates.size(), 3);
    }
};

QTEST_MAIN(ProfileDocumentTest)
#include "profiledocumenttest.moc"
