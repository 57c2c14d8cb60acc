#include "redact/secretscrubber.h"
#include "stats/statsdelta.h"

#include "reportfixture.h"

#include <QTest>

using namespace cicada;
using namespace cicada::test;

namespace {

const QString R = SecretScrubber::kRedacted;

/// A profile with secrets outside the steps: cookies, headers, variables, a URL password.
Profile profileWithSecrets()
{
    Profile p;
    p.target.baseUrl = QStringLiteral("http://admin:pw-hunter2@127.0.0.1:1");
    p.target.brokerUrl = QStringLiteral("ws://127.0.0.1:1/ws?access_token=qtok-31337&room=a");
    p.cookies = {{QStringLiteral("sessionid"), QStringLiteral("SeCrEtCoOkIe-12345"), {}}};
    p.headers = {
        {QStringLiteral("Authorization"), QStringLiteral("Bearer TOPSECRET-TOKEN-abcdef"), {}},
        {QStringLiteral("X-Auth"), QStringLiteral("Token {{var.apiToken}}"), {}},
        {QStringLiteral("X-Env"), QStringLiteral("{{env.CICADA_SECRET}}"), {}}};
    p.variables = {{QStringLiteral("apiToken"), QStringLiteral("var-tok-42"), {}},
                   {QStringLiteral("password"), QStringLiteral("pa55word!"), {}}};
    return p;
}

const QHash<QString, QString> kEnvironment = {
    {QStringLiteral("CICADA_SECRET"), QStringLiteral("env-value-8086")}};

} // namespace

class SecretScrubberTest : public QObject
{
    Q_OBJECT

private slots:
    void knownSecretsAreReplacedAsSubstrings_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::newRow("cookie") << QStringLiteral("SeCrEtCoOkIe-12345");
        QTest::newRow("token without its scheme word") << QStringLiteral("TOPSECRET-TOKEN-abcdef");
        QTest::newRow("variable behind a credential header") << QStringLiteral("var-tok-42");
        QTest::newRow("credential-named variable") << QStringLiteral("pa55word!");
        QTest::newRow("environment value") << QStringLiteral("env-value-8086");
        QTest::newRow("URL password") << QStringLiteral("pw-hunter2");
        QTest::newRow("query token") << QStringLiteral("qtok-31337");
    }
    void knownSecretsAreReplacedAsSubstrings()
    {
        QFETCH(QString, secret);
        const SecretScrubber scrubber(profileWithSecrets(), kEnvironment);
        // Echoed bare, e.g. in a close reason: "bye TOPSECRET-TOKEN-abcdef".
        const QString text = QStringLiteral("bye %1, again:%1.").arg(secret);
        QCOMPARE(scrubber.scrub(text), QStringLiteral("bye %1, again:%1.").arg(R));
    }

    void shapesAreReplacedWithoutKnowingTheValue_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bearer") << QStringLiteral("echo Authorization: Bearer abc.def-ghi")
                                << QStringLiteral("echo Authorization: %1").arg(R);
        QTest::newRow("bearer alone") << QStringLiteral("got bearer xyz123 back")
                                      << QStringLiteral("got bearer %1 back").arg(R);
        QTest::newRow("basic") << QStringLiteral("Basic dXNlcjpwYXNzd29yZA==")
                               << QStringLiteral("Basic %1").arg(R);
        QTest::newRow("basic word is prose")
            << QStringLiteral("basic checks failed") << QStringLiteral("basic checks failed");
        QTest::newRow("userinfo") << QStringLiteral("GET http://bob:s3cr3t@host/x failed")
                                  << QStringLiteral("GET http://bob:%1@host/x failed").arg(R);
        QTest::newRow("userinfo token")
            << QStringLiteral("wss://ghp_abc123@host/") << QStringLiteral("wss://%1@host/").arg(R);
        QTest::newRow("cookie line")
            << QStringLiteral("echo Cookie: sessionid=abc; theme=dark\nnext")
            << QStringLiteral("echo Cookie: %1\nnext").arg(R);
        QTest::newRow("json cookie") << QStringLiteral("{\"cookie\": \"a=b; c=d\", \"n\": 1}")
                                     << QStringLiteral("{\"cookie\": \"%1\", \"n\": 1}").arg(R);
        QTest::newRow("query") << QStringLiteral("/api?page=2&access_token=zz9&x=1")
                               << QStringLiteral("/api?page=2&access_token=%1&x=1").arg(R);
        QTest::newRow("json field")
            << QStringLiteral("{\"token\": \"tok-u-1\", \"type\": \"reply\"}")
            << QStringLiteral("{\"token\": \"%1\", \"type\": \"reply\"}").arg(R);
        QTest::newRow("session cookie pair") << QStringLiteral("sessionid=Zq81; Path=/")
                                             << QStringLiteral("sessionid=%1; Path=/").arg(R);
        QTest::newRow("harmless") << QStringLiteral("Connection closed by server (code 1011, bye)")
                                  << QStringLiteral("Connection closed by server (code 1011, bye)");
        QTest::newRow("harmless url") << QStringLiteral("GET http://127.0.0.1:8080/api/items")
                                      << QStringLiteral("GET http://127.0.0.1:8080/api/items");
    }
    void shapesAreReplacedWithoutKnowingTheValue()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const SecretScrubber scrubber;
        QCOMPARE(scrubber.scrub(text), expected);
        QCOMPARE(scrubber.scrub(expected), expected); // idempotent
    }

    void shortValuesAreNotScrubbedFromFreeText()
    {
        Profile p;
        p.cookies = {{QStringLiteral("c"), QStringLiteral("ab"), {}}};
        const SecretScrubber scrubber(p, {});
        QVERIFY(scrubber.secrets().isEmpty());
        QCOMPARE(scrubber.scrub(QStringLiteral("tab")), QStringLiteral("tab"));
    }

    void secretsAreLongestFirst()
    {
        SecretScrubber scrubber;
        scrubber.addSecret(QStringLiteral("abcd"));
        scrubber.addSecret(QStringLiteral("abcdefgh"));
        QCOMPARE(scrubber.secrets().constFirst(), QStringLiteral("abcdefgh"));
        QCOMPARE(scrubber.scrub(QStringLiteral("xabcdefghx")), QStringLiteral("x%1x").arg(R));
    }

    void variablesThatNameEachOtherTerminate()
    {
        Profile p;
        p.cookies = {{QStringLiteral("c"), QStringLiteral("{{var.a}}"), {}}};
        p.variables = {{QStringLiteral("a"), QStringLiteral("x{{var.b}}"), {}},
                       {QStringLiteral("b"), QStringLiteral("loop-{{var.a}}"), {}}};
        const SecretScrubber scrubber(p, {});
        QVERIFY(scrubber.secrets().contains(QStringLiteral("loop-")));
    }

    void deltaNamesAndErrorsAreScrubbedAndMerged()
    {
        const SecretScrubber scrubber(profileWithSecrets(), kEnvironment);
        StatsDelta delta;
        const auto add = [&](const QString &name, const QString &error) {
            const StatsKey key{QStringLiteral("WS recv"), name};
            auto it = delta.entries.find(key);
            if (it == delta.entries.end())
                it = delta.entries.insert(key, StatsEntry(key.type, key.name));
            RequestOutcome o;
            o.type = key.type;
            o.name = name;
            o.responseTimeUs = 1000;
            o.error = error;
            o.timestampMs = kT0Ms;
            it->record(o);
            if (!error.isEmpty())
                delta.errors[ErrorKey{key.type, name, error}] += 1;
        };
        add(QStringLiteral("echo sessionid=SeCrEtCoOkIe-12345"), {});
        add(QStringLiteral("echo sessionid=other-777"), {});
        add(QStringLiteral("chat"), QStringLiteral("closed: bye TOPSECRET-TOKEN-abcdef"));
        scrubber.scrub(&delta);
        QCOMPARE(delta.entries.size(), 2);
        const StatsEntry merged = delta.entries.value(
            {QStringLiteral("WS recv"), QStringLiteral("echo sessionid=%1").arg(R)});
        QCOMPARE(merged.numRequests(), 2);
        QCOMPARE(merged.name(), QStringLiteral("echo sessionid=%1").arg(R));
        QCOMPARE(delta.errors.size(), 1);
        QCOMPARE(delta.errors.constBegin().key().error, QStringLiteral("closed: bye %1").arg(R));
    }
};

QTEST_GUILESS_MAIN(SecretScrubberTest)
#include "secretscrubbertest.moc"
