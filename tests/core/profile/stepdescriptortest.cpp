#include "profile/steps/stepdescriptor.h"
#include "profile/profileio.h"
#include "profile/steps/stepreader.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace cicada;

namespace {

// A StepReader in the state of a profile with both target URLs and an open WebSocket, as the
// steps of a task after a wsConnect see it.
class ConnectedReader : public StepReader
{
public:
    explicit ConnectedReader(QList<ProfileIssue> *issues, int schema = kProfileSchema)
        : StepReader(issues)
    {
        m_hasBaseUrl = true;
        m_hasBrokerUrl = true;
        m_declaredSchema = schema;
        setConnected(true);
    }
};

QString describe(const QList<ProfileIssue> &issues)
{
    QStringList lines;
    for (const ProfileIssue &i : issues)
        lines.append(i.toString());
    return lines.join(u'\n');
}

} // namespace

class StepDescriptorTest : public QObject
{
    Q_OBJECT

private slots:
    void registryHoldsEveryKindInKindOrder()
    {
        const QList<StepDescriptor> &all = stepDescriptors();
        QCOMPARE(all.size(), std::variant_size_v<Step::Spec>);
        QStringList keys;
        for (qsizetype i = 0; i < all.size(); ++i) {
            QCOMPARE(all[i].kind, Step::Kind(i));
            QCOMPARE(&stepDescriptor(Step::Kind(i)), &all[i]);
            QCOMPARE(findStepDescriptor(all[i].key), &all[i]);
            QVERIFY(!all[i].title.isEmpty());
            QVERIFY(all[i].read && all[i].write && all[i].editorDefault && all[i].summary);
            QVERIFY(!all[i].jsonSchema.isEmpty());
            keys.append(all[i].key);
        }
        QCOMPARE(keys, (QStringList{QStringLiteral("http"), QStringLiteral("wsConnect"),
                                    QStringLiteral("wsSend"), QStringLiteral("wsAwait"),
                                    QStringLiteral("think"), QStringLiteral("close")}));
        QCOMPARE(findStepDescriptor(QStringLiteral("nope")), nullptr);
    }

    void keysAreUniqueAndDescribedBySchema()
    {
        for (const StepDescriptor &d : stepDescriptors()) {
            const QStringList names = d.keyNames();
            QCOMPARE(QSet<QString>(names.cbegin(), names.cend()).size(), names.size());
            const QJsonObject properties =
                d.jsonSchema.value(QLatin1String("properties")).toObject();
            for (const StepKey &key : d.keys) {
                QVERIFY2(!key.jsonSchema.isEmpty(), qPrintable(d.key + u'.' + key.name));
                QCOMPARE(properties.value(key.name).toObject(), key.jsonSchema);
                QVERIFY(key.schema == 1 || key.schema == 2);
                QCOMPARE(d.findKey(key.name), &key);
            }
            if (!d.keys.isEmpty()) {
                QCOMPARE(properties.size(), d.keys.size());
                QCOMPARE(d.jsonSchema.value(QLatin1String("additionalProperties")),
                         QJsonValue(false));
            }
        }
        // The kinds schema 1 had keep their schema-1 keys; the new ones are marked.
        QVERIFY(stepDescriptor(Step::Kind::WsSend)
                    .schema2KeyNames()
                    .contains(QStringLiteral("inFlight")));
        QVERIFY(!stepDescriptor(Step::Kind::WsSend)
                     .schema2KeyNames()
                     .contains(QStringLiteral("matchField")));
        QVERIFY(
            !stepDescriptor(Step::Kind::Http).schema2KeyNames().contains(QStringLiteral("expect")));
    }

    void editorDefaultReadsWithoutIssuesAndWritesBack()
    {
        for (const StepDescriptor &d : stepDescriptors()) {
            QList<ProfileIssue> issues;
            ConnectedReader reader(&issues);
            const QJsonValue value = d.editorDefault();
            const Step step = d.read(value, QStringLiteral("$.s"), reader);
            QVERIFY2(issues.isEmpty(), qPrintable(d.key + u'\n' + describe(issues)));
            QCOMPARE(step.kind(), d.kind);
            // write() gives the same value back: the editor can show what it will save.
            QCOMPARE(d.write(step), value);
            QVERIFY2(!d.summary(step).isEmpty(), qPrintable(d.key));
        }
    }

    void wsSendDefaultAwaitsAReply()
    {
        QList<ProfileIssue> issues;
        ConnectedReader reader(&issues);
        const StepDescriptor &d = stepDescriptor(Step::Kind::WsSend);
        const Step step = d.read(d.editorDefault(), QStringLiteral("$.s"), reader);
        QCOMPARE(step.as<WsSendStep>().await, WsSendStep::Await::Match);
    }

    void summariesSayWhatTheStepDoes_data()
    {
        QTest::addColumn<Step>("step");
        QTest::addColumn<QString>("summary");
        HttpStep login;
        login.method = QStringLiteral("POST");
        login.path = QStringLiteral("/login");
        login.expectStatus = {200, 201};
        QTest::newRow("http") << Step(login) << QStringLiteral("POST /login → 200/201");
        WsConnectStep connect;
        connect.onConnect = {ThinkStep{1000, 1000}, CloseStep()};
        QTest::newRow("wsConnect")
            << Step(connect) << QStringLiteral("connect target.brokerUrl, then 2 steps");
        WsSendStep send;
        send.bodyTemplate = QStringLiteral("chat");
        send.await = WsSendStep::Await::Match;
        send.matchPointers = {QStringLiteral("/type"), QStringLiteral("/id")};
        send.inFlight = 8;
        QTest::newRow("wsSend") << Step(send)
                                << QStringLiteral("send chat → reply matching /type, /id (8 in "
                                                  "flight)");
        WsAwaitStep await;
        await.match = {{QStringLiteral("/type"), Condition::Op::Equals, QStringLiteral("price")},
                       {QStringLiteral("/seq"), Condition::Op::Exists, {}}};
        QTest::newRow("wsAwait") << Step(await)
                                 << QStringLiteral("await /type = price and /seq exists");
        QTest::newRow("think range")
            << Step(ThinkStep{1000, 3000}) << QStringLiteral("think 1s–3s");
        QTest::newRow("close") << Step(CloseStep()) << QStringLiteral("close the WebSocket");
    }
    void summariesSayWhatTheStepDoes()
    {
        QFETCH(Step, step);
        QFETCH(QString, summary);
        QCOMPARE(stepDescriptor(step.kind()).summary(step), summary);
    }

    void nonObjectValuesAreReportedNotFatal()
    {
        const QList<QJsonValue> values = {QJsonValue(),     QJsonValue(true),
                                          QJsonValue(3),    QJsonValue(QStringLiteral("x")),
                                          QJsonArray{1, 2}, QJsonObject{{QStringLiteral("x"), 1}}};
        for (const StepDescriptor &d : stepDescriptors()) {
            for (const QJsonValue &v : values) {
                QList<ProfileIssue> issues;
                ConnectedReader reader(&issues);
                const Step step = d.read(v, QStringLiteral("$.s"), reader);
                QCOMPARE(step.kind(), d.kind);
                // A number and [1, 2] are durations: the only values think takes.
                QVERIFY2(!issues.isEmpty() ||
                             (d.kind == Step::Kind::Think && (v.isDouble() || v.isArray())),
                         qPrintable(d.key));
                for (const ProfileIssue &i : std::as_const(issues))
                    QVERIFY(i.path.startsWith(QStringLiteral("$.s")));
            }
        }
    }
};

QTEST_GUILESS_MAIN(StepDescriptorTest)
#include "stepdescriptortest.moc"
