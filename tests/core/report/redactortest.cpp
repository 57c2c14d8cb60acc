#include "report/redactor.h"
#include "report/htmlreport.h"
#include "report/resultbuilder.h"
#include "report/resultfile.h"

#include "reportfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace cicada;
using namespace cicada::test;

namespace {

const QStringList kSecrets = {kCookieSecret, kBearerSecret, kApiKeySecret, kVariableSecret,
                              kEnvSecret};

QString findSecret(const QByteArray &text)
{
    for (const QString &secret : kSecrets) {
        if (text.contains(secret.toUtf8()))
            return secret;
    }
    // A part of a secret is a leak too (e.g. the token without "Bearer ").
    if (text.contains("tok-9f8e7d6c5b"))
        return QStringLiteral("tok-9f8e7d6c5b");
    return {};
}

} // namespace

class RedactorTest : public QObject
{
    Q_OBJECT

private slots:
    void credentialHeadersAreRecognised_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("credential");
        for (const char *name : {"Authorization", "authorization", "Cookie", "Proxy-Authorization",
                                 "X-Api-Key", "X-Auth-Token", "X-CSRF-Token", "X-Session-Id",
                                 "X-Client-Secret", "X-Password", "Api-Key", "X-Credentials"})
            QTest::newRow(name) << QString::fromUtf8(name) << true;
        for (const char *name :
             {"X-Client", "Accept", "Content-Type", "User-Agent", "X-Trace", "Origin"})
            QTest::newRow(name) << QString::fromUtf8(name) << false;
    }
    void credentialHeadersAreRecognised()
    {
        QFETCH(QString, name);
        QFETCH(bool, credential);
        QCOMPARE(Redactor::isCredentialHeader(name), credential);
    }

    void redactedProfileKeepsStructureNotSecrets()
    {
        const Redactor redactor(secretProfile(), secretEnvironment());
        const QJsonObject p = redactor.redactedProfile();
        const QByteArray text = QJsonDocument(p).toJson();
        QVERIFY2(findSecret(text).isEmpty(), qPrintable(findSecret(text)));
        const QJsonArray cookies = p[QLatin1String("cookies")].toArray();
        QCOMPARE(cookies.size(), 2);
        QCOMPARE(cookies[0][QLatin1String("name")].toString(), QStringLiteral("sessionid"));
        QCOMPARE(cookies[0][QLatin1String("value")].toString(), Redactor::kRedacted);
        const QJsonArray headers = p[QLatin1String("headers")].toArray();
        QCOMPARE(headers[0][QLatin1String("value")].toString(), Redactor::kRedacted);
        QCOMPARE(headers[1][QLatin1String("value")].toString(), QStringLiteral("cicada-test"));
        // A value built from the environment is redacted even under a harmless name.
        QCOMPARE(headers[2][QLatin1String("value")].toString(), Redactor::kRedacted);
        // The variable behind a cookie is a secret; the others are kept.
        QCOMPARE(p[QLatin1String("variables")][QLatin1String("token")].toString(),
                 Redactor::kRedacted);
        QCOMPARE(p[QLatin1String("variables")][QLatin1String("room")].toString(),
                 QStringLiteral("lobby"));
        QCOMPARE(p[QLatin1String("target")][QLatin1String("baseUrl")].toString(),
                 QStringLiteral("http://127.0.0.1:1"));
    }

    void scrubReplacesEverySecretInFreeText()
    {
        const Redactor redactor(secretProfile(), secretEnvironment());
        QCOMPARE(redactor.scrub(QStringLiteral("sent %1 and %2").arg(kBearerSecret, kEnvSecret)),
                 QStringLiteral("sent %1 and %1").arg(Redactor::kRedacted));
        QCOMPARE(redactor.scrub(QStringLiteral("nothing secret")),
                 QStringLiteral("nothing secret"));
        QVERIFY(redactor.secrets().contains(kApiKeySecret));
        QVERIFY(redactor.secrets().contains(kVariableSecret));
    }

    void shortValuesAreRedactedButNotScrubbed()
    {
        Profile p = secretProfile();
        p.cookies[0].value = QStringLiteral("ab");
        const Redactor redactor(p, {});
        QCOMPARE(redactor.redactedProfile()[QLatin1String("cookies")][0][QLatin1String("value")]
                     .toString(),
                 Redactor::kRedacted);
        QCOMPARE(redactor.scrub(QStringLiteral("tab")), QStringLiteral("tab"));
    }

    void secretsEchoedIntoStatsNeverReachJsonOrHtml()
    {
        // A server that echoes credentials into error messages and message names.
        Stats stats = sampleStats(3);
        stats.record(outcome(QStringLiteral("GET"), QStringLiteral("/echo"), 1000, kT0Ms + 3500,
                             QStringLiteral("HTTP 401: bad token %1 / %2 / %3")
                                 .arg(kBearerSecret, kCookieSecret, kEnvSecret)));
        stats.record(outcome(QStringLiteral("WS recv"),
                             QStringLiteral("hello %1").arg(kApiKeySecret), 0, kT0Ms + 3600));
        stats.tick(kT0Ms + 4000, 10);
        ResultBuilder builder(secretProfile(), secretEnvironment());
        builder.setThresholds(
            {*Threshold::parse(QStringLiteral("p95(%1) < 1s").arg(kVariableSecret))});
        const RunResult result = builder.build(stats, kT0Ms + 4100);
        const QByteArray json = ResultFile::toText(result);
        const QByteArray html = HtmlReport::render(result);
        QVERIFY2(findSecret(json).isEmpty(), qPrintable(findSecret(json)));
        QVERIFY2(findSecret(html).isEmpty(), qPrintable(findSecret(html)));
        QVERIFY(json.contains(Redactor::kRedacted.toUtf8()));
        QVERIFY(html.contains("HTTP 401: bad token «redacted»"));
    }
};

QTEST_GUILESS_MAIN(RedactorTest)
#include "redactortest.moc"
