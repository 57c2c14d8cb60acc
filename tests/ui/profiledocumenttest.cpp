#include "profiledocument.h"

#include "profile/profileio.h"
#include "profile/steps/stepdescriptor.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

namespace {
const QString kExample =
    QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json");
const QString kStarter =
    QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/ws-starter.cicada.json");
// In the example: ChatUser's wsConnect (with onConnect steps) and its "say" task's wsSend.
const QString kConnect = QStringLiteral("$.userTypes[0].onStart[1]");
const QString kSay = QStringLiteral("$.userTypes[0].tasks[0].steps[0]");

QString firstMessage(const ProfileDocument &doc)
{
    return doc.issues().value(0).toMap().value("path").toString() + ": " +
           doc.issues().value(0).toMap().value("message").toString();
}

const WsSendStep &sayStep(const ProfileDocument &doc)
{
    return doc.profile().userTypes.at(0).tasks.at(0).steps.at(0).as<WsSendStep>();
}
} // namespace

class ProfileDocumentTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:

    void undoRevertsAFieldEditAndRedoRepeatsIt()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        QVERIFY(!doc.canUndo());
        QSignalSpy history(&doc, &ProfileDocument::historyChanged);
        doc.setNumber("$.load.users", "42");
        QVERIFY(doc.canUndo());
        QVERIFY(!doc.canRedo());
        QVERIFY(history.count() >= 1);
        QCOMPARE(doc.undoText(), QString("edit users"));
        doc.undo();
        QCOMPARE(doc.text("$.load.users"), QString("20"));
        QCOMPARE(doc.profile().load.users, 20); // the validated profile follows
        QVERIFY(!doc.canUndo());
        QVERIFY(doc.canRedo());
        QCOMPARE(doc.redoText(), QString("edit users"));
        doc.redo();
        QCOMPARE(doc.profile().load.users, 42);
        QVERIFY(!doc.canRedo());
    }

    void typingIntoOneFieldIsOneUndoStep()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        const QString before = doc.text("$.target.baseUrl");
        for (const char *typed : {"h", "ht", "htt", "http://x"})
            doc.setText("$.target.baseUrl", typed);
        doc.setText("$.name", "Renamed");
        doc.undo(); // the name
        QCOMPARE(doc.text("$.target.baseUrl"), QString("http://x"));
        QCOMPARE(doc.name(), QString("Chat broker demo"));
        doc.undo(); // the whole word typed into base URL
        QCOMPARE(doc.text("$.target.baseUrl"), before);
        QVERIFY(!doc.canUndo());
    }

    void dirtyFlagFollowsUndoToTheSavedState()
    {
        QTemporaryDir dir;
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        QVERIFY(doc.saveAs(dir.filePath("p.cicada.json")));
        QVERIFY(!doc.isDirty());
        QSignalSpy dirty(&doc, &ProfileDocument::dirtyChanged);
        doc.setText("$.name", "Edited");
        QVERIFY(doc.isDirty());
        doc.undo();
        QVERIFY2(!doc.isDirty(), "undo back to the saved state is clean");
        QCOMPARE(dirty.count(), 2);
        doc.redo();
        QVERIFY(doc.isDirty());

        // Saved after the edit: undoing past the save is dirty, redoing to it clean again.
        QVERIFY(doc.save());
        QVERIFY(!doc.isDirty());
        doc.setText("$.name", "Edited again"); // not merged into the saved state
        doc.undo();
        QVERIFY(!doc.isDirty());
        QCOMPARE(doc.name(), QString("Edited"));
        doc.undo();
        QVERIFY(doc.isDirty());
        QCOMPARE(doc.name(), QString("Chat broker demo"));
        doc.redo();
        QVERIFY(!doc.isDirty());

        // An edit after undo drops the redo steps; the saved state is then unreachable.
        doc.undo();
        doc.setText("$.name", "Other branch");
        QVERIFY(!doc.canRedo());
        doc.undo();
        QVERIFY(doc.isDirty());
    }

    void undoRestoresADeletedUserTypeAndRebuildsTheStructure()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        const int userTypes = doc.count("$.userTypes");
        QVERIFY(userTypes >= 2);
        const QString name = doc.text("$.userTypes[0].name");
        QSignalSpy structure(&doc, &ProfileDocument::structureChanged);
        doc.remove("$.userTypes[0]");
        QCOMPARE(doc.undoText(), QString("delete user type “%1”").arg(name));
        QCOMPARE(doc.count("$.userTypes"), userTypes - 1);
        doc.undo();
        QCOMPARE(doc.count("$.userTypes"), userTypes);
        QCOMPARE(doc.text("$.userTypes[0].name"), name);
        QCOMPARE(doc.profile().userTypes.size(), userTypes);
        QCOMPARE(structure.count(), 2); // the delete and its undo both rebuild the tree
        QVERIFY(!doc.isDirty());
    }

    void undoRestoresATemplateDraftThatDidNotParse()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        doc.setTemplateBody("chat", "json", "{ \"broken\": ");
        QVERIFY(!doc.isValid());
        doc.setText("$.name", "x");
        doc.undo();
        QCOMPARE(doc.templateBody("chat"), QString("{ \"broken\": "));
        QVERIFY(!doc.isValid());
        doc.undo();
        QVERIFY(doc.isValid());
        QVERIFY(!doc.templateBody("chat").contains("broken"));
    }

    void openingAnotherFileForgetsTheHistory()
    {
        ProfileDocument doc;
        doc.setText("$.name", "x");
        QVERIFY(doc.canUndo());
        QVERIFY(doc.open(kExample));
        QVERIFY(!doc.canUndo());
        QVERIFY(!doc.canRedo());
    }

    void aPathUnderTheHomeFolderIsShownFromTilde()
    {
        QTemporaryDir home;
        const QByteArray oldHome = qgetenv("HOME");
        qputenv("HOME", home.path().toUtf8());
        ProfileDocument doc;
        QVERIFY(doc.saveAs(home.filePath("projects/p.cicada.json")) ||
                (QDir().mkpath(home.filePath("projects")) &&
                 doc.saveAs(home.filePath("projects/p.cicada.json"))));
        QCOMPARE(doc.displayPath(), QString("~/projects/p.cicada.json"));
        qputenv("HOME", oldHome);
        QVERIFY(doc.displayPath().startsWith(home.path())); // elsewhere: the path as it is
    }

    void issuesNameTheirFieldForPeople()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        doc.setText(kSay + ".wsSend.timeout", "soon");
        QVariantMap issue;
        for (const QVariant &v : doc.issues()) {
            if (v.toMap().value("path") == kSay + ".wsSend.timeout")
                issue = v.toMap();
        }
        QVERIFY(issue.value("message").toString().startsWith("timeout: "));
        QVERIFY2(issue.value("detail").toString().startsWith("'soon'"),
                 qPrintable(issue.value("detail").toString()));
        QCOMPARE(issue.value("title").toString(),
                 QString("User type “ChatUser” › task “%1” › step 1 (%2) › timeout")
                     .arg(doc.text("$.userTypes[0].tasks[0].name"),
                          ProfileDocument::stepTitle("wsSend")));
        doc.setText("$.target.baseUrl", "ftp://nope");
        bool found = false;
        for (const QVariant &v : doc.issues())
            found |= v.toMap().value("title") == QString("Target › base URL");
        QVERIFY(found);
    }
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
        QStringList kinds;
        for (const QVariant &kind : ProfileDocument::stepKinds())
            kinds.append(kind.toMap().value("key").toString());
        QCOMPARE(kinds, (QStringList{"http", "wsConnect", "wsSend", "wsAwait", "think", "close"}));
        for (const QString &kind : kinds)
            doc.insert(steps, -1, doc.newStep(kind));
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        QCOMPARE(doc.count(steps), 7);
        QCOMPARE(doc.stepKind(steps + "[3]"), QString("wsSend"));
        QCOMPARE(doc.stepKind(steps + "[4]"), QString("wsAwait"));
        doc.move(steps, 6, 0);
        QCOMPARE(doc.stepKind(steps + "[0]"), QString("close"));
        doc.remove(steps + "[0]");
        QCOMPARE(doc.count(steps), 6);
        QVERIFY(structure.count() >= 8);

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
        QCOMPARE(doc.profile().templates.size(), 5);
    }

    void newStepsAreTheDescriptorsEditorDefaultsAndAWsSendAwaitsItsReply()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        for (const StepDescriptor &d : stepDescriptors())
            QCOMPARE(QJsonValue::fromVariant(doc.newStep(d.key)).toObject().value(d.key),
                     d.editorDefault());
        const QVariantMap send = doc.newStep("wsSend").toMap().value("wsSend").toMap();
        QCOMPARE(send.value("await").toString(), QString("match"));
        QVERIFY(!doc.newStep("teleport").isValid());
        QCOMPARE(ProfileDocument::stepTitle("wsAwait"), QString("WebSocket await"));

        const QString steps = "$.userTypes[0].tasks[0].steps";
        doc.insert(steps, -1, doc.newStep("wsSend"));
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        const Step &added = doc.profile().userTypes.at(0).tasks.at(0).steps.at(1);
        QCOMPARE(added.as<WsSendStep>().await, WsSendStep::Await::Match);
        QCOMPARE(added.as<WsSendStep>().matchPointers, QStringList{"/id"});
    }

    void wsSendReplyOptionsReachTheProfileAndProblemsLandOnTheirFields()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        const QString body = kSay + ".wsSend";
        doc.setValue(body + ".match", QStringList{"/type", "/id"});
        doc.setNumber(body + ".inFlight", "16");
        doc.setNumber(body + ".replies", "3");
        doc.setNumber(body + ".timeout", "2s");
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        QCOMPARE(sayStep(doc).matchPointers, (QStringList{"/type", "/id"}));
        QCOMPARE(sayStep(doc).inFlight, 16);
        QCOMPARE(sayStep(doc).replies, 3);
        QCOMPARE(doc.stepSummary(kSay),
                 stepDescriptor(Step::Kind::WsSend)
                     .summary(doc.profile().userTypes.at(0).tasks.at(0).steps.at(0)));

        doc.setText(body + ".await", "none");
        QVERIFY(doc.messageFor(body + ".inFlight").contains("match"));
        doc.setText(body + ".await", "match");
        doc.setValue(body + ".match", QStringList{"id"});
        QVERIFY(!doc.messageFor(body + ".match[0]").isEmpty()); // not a JSON pointer
        doc.setText(body + ".match[0]", "/meta/requestId");
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        QCOMPARE(sayStep(doc).matchPointers, QStringList{"/meta/requestId"});
    }

    void conditionsSwitchTheirTestAndKeepPointerAndValue()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        const QString checks = kSay + ".wsSend.check";
        doc.insert(checks, -1, QVariantMap{{"json", "/type"}, {"equals", "reply"}});
        const QString check = checks + "[0]";
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        QCOMPARE(doc.conditionOp(check), QString("equals"));

        doc.setConditionOp(check, "contains");
        QCOMPARE(doc.text(check + ".contains"), QString("reply"));
        QCOMPARE(doc.text(check + ".json"), QString("/type"));
        QVERIFY(doc.value(check + ".equals").isNull());
        QCOMPARE(sayStep(doc).checks.value(0).op, Condition::Op::Contains);

        doc.setConditionOp(check, "notExists");
        QCOMPARE(doc.value(check + ".exists"), QVariant(false));
        QCOMPARE(doc.conditionOp(check), QString("notExists"));
        QCOMPARE(sayStep(doc).checks.value(0).op, Condition::Op::NotExists);
        doc.setConditionOp(check, "regex");
        QCOMPARE(doc.text(check + ".regex"), QString());
        doc.setText(check + ".regex", "([a-z");
        QVERIFY(!doc.messageFor(check + ".regex").isEmpty());

        // equals takes any JSON value as typed: 42 is a number, "42" (quoted) a string.
        doc.setConditionOp(check, "equals");
        doc.setLoose(check + ".equals", "42");
        QCOMPARE(sayStep(doc).checks.value(0).value, QJsonValue(42));
        doc.setLoose(check + ".equals", "\"42\"");
        QCOMPARE(sayStep(doc).checks.value(0).value, QJsonValue("42"));
        QCOMPARE(doc.looseText(check + ".equals"), QString("\"42\""));
        doc.setLoose(check + ".equals", "ok");
        QCOMPARE(doc.looseText(check + ".equals"), QString("ok"));
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
    }

    void capturesAreAddedRenamedAndSwitchSource()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        const QString captures = kSay + ".wsSend.capture";
        QCOMPARE(doc.addCapture(captures), QString("token"));
        QCOMPARE(doc.addCapture(captures), QString("token2"));
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        QCOMPARE(sayStep(doc).captures.size(), 2);
        QVERIFY(doc.renameKey(captures, "token2", "room"));
        doc.setCaptureSource(captures + ".room", "regex");
        QCOMPARE(doc.captureSource(captures + ".room"), QString("regex"));
        QCOMPARE(doc.text(captures + ".room.regex"), QString("/token"));
        QVERIFY(doc.value(captures + ".room.json").isNull());
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        const Capture room = sayStep(doc).captures.value(0).name == "room"
                                 ? sayStep(doc).captures.value(0)
                                 : sayStep(doc).captures.value(1);
        QCOMPARE(room.source, Capture::Source::Regex);
        // Headers exist on HTTP responses only: the problem shows at that capture.
        doc.setCaptureSource(captures + ".room", "header");
        QVERIFY(doc.messagesWithin(captures + ".room").contains("http"));
    }

    void wsConnectOptionsAndOnConnectStepsAreEdited()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        const QString body = kConnect + ".wsConnect";
        doc.setValue(body + ".subprotocols", QStringList{"v2.chat"});
        doc.setText(body + ".ping", "5s");
        doc.setNumber(body + ".maxMessageSize", "65536");
        doc.setText(body + ".pushes.sequence", "/n");
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        const auto connect = [&] {
            return doc.profile().userTypes.at(0).onStart.at(1).as<WsConnectStep>();
        };
        QCOMPARE(connect().subprotocols, QStringList{"v2.chat"});
        QCOMPARE(connect().pingIntervalMs, 5000);
        QCOMPARE(connect().maxMessageBytes, 65536);
        QCOMPARE(connect().pushes.sequencePointer, QString("/n"));

        const QString onConnect = body + ".onConnect";
        QCOMPARE(doc.nodeKind(onConnect), QString("section"));
        doc.insert(onConnect, -1, doc.newStep("wsAwait"));
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        QCOMPARE(connect().onConnect.size(), 3);
        QVERIFY(connect().onConnect.at(2).is<WsAwaitStep>());
        QCOMPARE(doc.nodeKind(onConnect + "[2]"), QString("step"));
        QCOMPARE(doc.nodeOf(onConnect + "[2].wsAwait.match[0].json"), onConnect + "[2]");
        QCOMPARE(doc.nodeOf(body + ".ping"), kConnect);
        QCOMPARE(doc.nodeOf("$.target.baseUrl"), QString());
        QCOMPARE(doc.stepSummary(onConnect + "[2]"),
                 stepDescriptor(Step::Kind::WsAwait).summary(connect().onConnect.at(2)));

        doc.setText(onConnect + "[0].wsSend.timeout", "soon");
        QVERIFY(doc.messageFor(onConnect + "[0].wsSend.timeout").contains("duration"));
        // Renaming a template follows into onConnect steps.
        doc.setText(onConnect + "[0].wsSend.timeout", "5s");
        QVERIFY(doc.renameKey("$.templates", "wsLogin", "hello"));
        QCOMPARE(doc.text(onConnect + "[0].wsSend.template"), QString("hello"));
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
    }

    void stepsThatDoNotValidateAreSummarisedAsTyped()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        const QString think = "$.userTypes[0].tasks[0].steps";
        doc.insert(think, -1, QVariantMap{{"think", "forever"}});
        QCOMPARE(doc.stepSummary(think + "[1]"), QString("think forever"));
        doc.setText(kSay + ".wsSend.match", "no pointer");
        QVERIFY(doc.stepSummary(kSay).contains("no pointer"));
        doc.setValue(kSay + ".wsSend.capture", QVariantMap{{"token", QVariantMap{{"json", "/t"}}}});
        QCOMPARE(doc.stepDetail(kSay), QString("chat · 1 capture"));
    }

    void binaryTemplatesConvertTheirBytesAndPreviewThem()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(kExample));
        const QString name = doc.addTemplate("frame");
        doc.setTemplateBody(name, "text", "hi!");
        doc.setTemplateKind(name, "base64");
        QCOMPARE(doc.templateKind(name), QString("base64"));
        QCOMPARE(doc.templateBody(name), QString("aGkh"));
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        const PayloadTemplate *t = doc.profile().findTemplate(name);
        QVERIFY(t);
        QCOMPARE(t->kind, PayloadTemplate::Kind::Binary);
        QCOMPARE(t->binary, QByteArray("hi!"));
        const QVariantMap preview = doc.previewTemplate(name);
        QVERIFY(preview.value("ok").toBool());
        QVERIFY2(preview.value("text").toString().contains("68 69 21"),
                 qPrintable(preview.value("text").toString()));

        doc.setTemplateKind(name, "hex");
        QCOMPARE(doc.text("$.templates.frame.hex"), QString("68 69 21"));
        QCOMPARE(doc.profile().findTemplate(name)->binary, QByteArray("hi!"));
        doc.setTemplateBody(name, "hex", "6869 2");
        QVERIFY(!doc.messagesWithin("$.templates.frame").isEmpty());
        QVERIFY(!doc.previewTemplate(name).value("ok").toBool());
        doc.setTemplateBody(name, "hex", "ff00");
        doc.setTemplateKind(name, "text"); // not UTF-8: the digits stay
        QCOMPARE(doc.templateKind(name), QString("text"));
        QCOMPARE(doc.templateBody(name), QString("ff00"));
        doc.setTemplateBody(name, "base64", "aGkh");
        doc.setTemplateKind(name, "json"); // "hi!" is not JSON: kept as a draft, not lost
        QCOMPARE(doc.templateBody(name), QString("hi!"));
        QVERIFY(!doc.messageFor("$.templates.frame.json").isEmpty());
    }

    void theFirstEditOfASchema1ProfileDeclaresSchema2SoNewOptionsValidate()
    {
        ProfileDocument doc;
        QVERIFY(doc.open(CICADA_SOURCE_DIR "/tests/data/profiles/schema1-demo.cicada.json"));
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        QCOMPARE(doc.text("$.schema"), QString("1"));
        doc.insert(kConnect + ".wsConnect.onConnect", -1, doc.newStep("wsAwait"));
        QCOMPARE(doc.text("$.schema"), QString("2"));
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
    }

    void newWebSocketProfileIsAValidWebSocketOnlyStarter()
    {
        ProfileDocument doc;
        doc.setText("$.name", "edited");
        doc.newWebSocketProfile();
        QVERIFY2(doc.isValid(), qPrintable(firstMessage(doc)));
        QVERIFY(doc.filePath().isEmpty());
        QVERIFY(!doc.isDirty());
        const Profile &p = doc.profile();
        QVERIFY(p.target.baseUrl.isEmpty());
        QVERIFY(!p.target.brokerUrl.isEmpty());
        QCOMPARE(p.userTypes.size(), 1);
        QCOMPARE(p.userTypes.at(0).onStart.size(), 1);
        QVERIFY(p.userTypes.at(0).onStart.at(0).is<WsConnectStep>());
        const QList<Step> &steps = p.userTypes.at(0).tasks.at(0).steps;
        QCOMPARE(steps.size(), 2);
        QCOMPARE(steps.at(0).as<WsSendStep>().await, WsSendStep::Await::Match);
        QCOMPARE(steps.at(0).as<WsSendStep>().matchPointers, QStringList{"/id"});
        QVERIFY(steps.at(1).is<ThinkStep>());
        for (const UserType &u : p.userTypes)
            for (const Task &t : u.tasks)
                for (const Step &s : t.steps)
                    QVERIFY(!s.is<HttpStep>());

        // The resource is the file in the source tree, which the CLI reads the same way.
        Profile fromFile;
        QList<ProfileIssue> issues;
        QVERIFY(ProfileIo::loadFile(kStarter, &fromFile, &issues));
        QCOMPARE(fromFile, p);
    }

    // --- data feeders (issue 10)
    void feedersAreCheckedAsYouTypeAndPreviewedWithTheirFirstRow()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile csv(dir.filePath(QStringLiteral("users.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("id,email\n7,first@x\n8,second@x\n");
        csv.close();
        ProfileDocument doc;
        doc.loadExample("http://127.0.0.1:1", "ws://127.0.0.1:1/broker");
        QVariantMap root = doc.value("$").toMap();
        doc.loadJson(root, dir.filePath(QStringLiteral("p.cicada.json")));
        const QString feeder = doc.addFeeder();
        QCOMPARE(feeder, QStringLiteral("$.feeders[0]"));
        QCOMPARE(doc.text("$.feeders[0].name"), QStringLiteral("users"));
        QCOMPARE(doc.value("$.schema").toInt(), kProfileSchema);
        QVERIFY2(doc.errorCount() == 0, qPrintable(firstMessage(doc)));
        QCOMPARE(doc.addFeeder(), QStringLiteral("$.feeders[1]"));
        QCOMPARE(doc.text("$.feeders[1].name"), QStringLiteral("users2"));
        QVERIFY(doc.messageFor("$.feeders[1].file").contains(QLatin1String("does not exist")));
        doc.remove("$.feeders[1]");

        const QVariantMap preview = doc.feederPreview(feeder);
        QVERIFY(preview.value("ok").toBool());
        QCOMPARE(preview.value("rows").toInt(), 2);
        QCOMPARE(preview.value("columns").toStringList(), (QStringList{"id", "email"}));
        QCOMPARE(preview.value("firstRow").toStringList(), (QStringList{"7", "first@x"}));

        // The template preview shows the first row; a missing column is an error as you type.
        doc.setTemplateBody("login", "json", R"({"user": "{{feed.users.email}}"})");
        QVERIFY2(doc.errorCount() == 0, qPrintable(firstMessage(doc)));
        QVERIFY2(doc.previewTemplate("login").value("text").toString().contains("first@x"),
                 qPrintable(doc.previewTemplate("login").value("text").toString()));
        doc.setTemplateBody("login", "json", R"({"user": "{{feed.users.mail}}"})");
        QVERIFY(doc.messageFor("$.templates.login.json.user")
                    .contains(QLatin1String("users.csv:1 has no column 'mail'")));
        QCOMPARE(doc.feederFileFor(QUrl::fromLocalFile(dir.filePath("sub/u.csv"))),
                 QStringLiteral("sub/u.csv"));
        QCOMPARE(doc.feederFileFor(QUrl::fromLocalFile("/elsewhere/u.csv")),
                 QStringLiteral("/elsewhere/u.csv"));
    }
};

QTEST_MAIN(ProfileDocumentTest)
#include "profiledocumenttest.moc"
