#include "import/profileimporter.h"
#include "import/harreader.h"
#include "profile/profileio.h"

#include <QFile>
#include <QJsonObject>
#include <QTest>

using namespace cicada;

class ProfileImporterTest : public QObject
{
    Q_OBJECT

private:
    static QList<RecordedExchange> demoRecording()
    {
        QFile file(QStringLiteral(CICADA_TEST_DATA_DIR "/har/demo-chat.har"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        QStringList errors;
        return HarReader::read(file.readAll(), &errors);
    }

    static QStringList kinds(const QList<Step> &steps)
    {
        QStringList out;
        static const QStringList kKeys = {"http",    "wsConnect", "wsSend",
                                          "wsAwait", "think",     "close"};
        for (const Step &s : steps)
            out.append(kKeys.at(int(s.kind())));
        return out;
    }

private Q_SLOTS:
    void replaysTheRecordingInOrderWithThinkTimes()
    {
        const ImportResult result = ProfileImporter::import(demoRecording(), {});
        QCOMPARE(result.profile.target.baseUrl, QStringLiteral("http://127.0.0.1:8765"));
        QCOMPARE(result.profile.target.brokerUrl, QStringLiteral("ws://127.0.0.1:8765/broker"));
        QCOMPARE(result.profile.userTypes.size(), 1);
        const QList<Step> &steps = result.profile.userTypes.at(0).tasks.at(0).steps;
        QCOMPARE(kinds(steps),
                 (QStringList{"http", "think", "http", "http", "wsConnect", "wsSend", "think",
                              "wsSend", "wsSend", "think", "http", "close"}));
        QCOMPARE(steps.at(1).as<ThinkStep>().minMs, 1500); // 1.500 s start − 0.012 s end, rounded
        QCOMPARE(steps.at(6).as<ThinkStep>().minMs, 2100); // reply at 2.112 → send at 4.200
        const HttpStep &login = steps.at(2).as<HttpStep>();
        QCOMPARE(login.method, QStringLiteral("POST"));
        QCOMPARE(login.path, QStringLiteral("/login"));
        QCOMPARE(login.bodyTemplate, QStringLiteral("post-login"));
        QCOMPARE(login.headers.size(),
                 2); // Content-Type and X-Client; Host, User-Agent, Origin not
        QCOMPARE(result.httpSteps, 4);
        QCOMPARE(result.wsSends, 3);
    }

    void wsSendsAwaitTheInferredMatchWithAFreshId()
    {
        const ImportResult result = ProfileImporter::import(demoRecording(), {});
        const QList<Step> &steps = result.profile.userTypes.at(0).tasks.at(0).steps;
        const WsSendStep &chat = steps.at(5).as<WsSendStep>();
        QCOMPARE(chat.await, WsSendStep::Await::Match);
        QCOMPARE(chat.matchPointers, QStringList{QStringLiteral("/id")});
        const PayloadTemplate *t = result.profile.findTemplate(chat.bodyTemplate);
        QVERIFY(t);
        QCOMPARE(t->json.toObject().value(QLatin1String("id")).toString(),
                 QStringLiteral("{{uuid}}"));
        QCOMPARE(t->json.toObject().value(QLatin1String("text")).toString(),
                 QStringLiteral("hello"));
        const WsSendStep &typing = steps.at(8).as<WsSendStep>();
        QCOMPARE(typing.await, WsSendStep::Await::None);
        QCOMPARE(typing.name, QStringLiteral("typing"));
        // The report says what was inferred, for the CLI's output and the GUI's import report.
        QCOMPARE(result.matchFields, (QMap<QString, int>{{QStringLiteral("/id"), 2}}));
        QCOMPARE(result.unmatchedSends, 1);
        QVERIFY(result.notes.contains(QStringLiteral(
            "2 WebSocket send(s) await the reply with the same /id (inferred: a sent and a "
            "received message shared it)")));
        QVERIFY(result.notes.contains(QStringLiteral(
            "1 WebSocket send(s) do not await a reply (no field shared with a received message)")));
    }

    void credentialsBecomeEnvironmentReferences()
    {
        const ImportResult result = ProfileImporter::import(demoRecording(), {});
        const QString text = QString::fromUtf8(ProfileIo::toText(result.profile));
        for (const char *secret : {"hunter2-recorded", "recorded-bearer-token", "rec0rded5ess10n",
                                   "dark-mode", "recorded-query-token"})
            QVERIFY2(!text.contains(QLatin1String(secret)), secret);
        QStringList names;
        for (const EnvReference &e : result.environment)
            names.append(e.name);
        QCOMPARE(names, (QStringList{"COOKIE_PREFS", "PASSWORD", "AUTHORIZATION", "ACCESS_TOKEN"}));
        // The session cookie the login response set is the jar's business, not a variable.
        QCOMPARE(result.profile.cookies.size(), 1);
        QCOMPARE(result.profile.cookies.at(0).value, QStringLiteral("{{env.COOKIE_PREFS}}"));
        const QList<Step> &steps = result.profile.userTypes.at(0).tasks.at(0).steps;
        QCOMPARE(steps.at(3).as<HttpStep>().headers.at(0).value,
                 QStringLiteral("{{env.AUTHORIZATION}}"));
        QCOMPARE(steps.at(10).as<HttpStep>().path,
                 QStringLiteral("/api/items?page=1&access_token={{env.ACCESS_TOKEN}}"));
    }

    void staticAssetsAndOtherHostsAreSkippedUnlessAsked()
    {
        const ImportResult plain = ProfileImporter::import(demoRecording(), {});
        QVERIFY(plain.notes.join(QLatin1Char('\n')).contains(QStringLiteral("2 static asset")));
        QVERIFY(
            plain.notes.join(QLatin1Char('\n')).contains(QStringLiteral("analytics.example.com")));
        ImportOptions options;
        options.includeStaticAssets = true;
        options.allHosts = true;
        const ImportResult everything = ProfileImporter::import(demoRecording(), options);
        QCOMPARE(everything.httpSteps, 7);
        const QList<Step> &steps = everything.profile.userTypes.at(0).tasks.at(0).steps;
        bool absolute = false;
        for (const Step &s : steps) {
            if (const HttpStep *h = s.get<HttpStep>())
                absolute = absolute ||
                           h->path == QLatin1String("https://analytics.example.com/collect?v=1");
        }
        QVERIFY(absolute);
    }

    void isStaticAsset_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("resourceType");
        QTest::addColumn<QString>("mime");
        QTest::addColumn<bool>("isStatic");
        QTest::newRow("xhr json") << "http://h/api/x"
                                  << "xhr"
                                  << "application/json" << false;
        QTest::newRow("document") << "http://h/"
                                  << "document"
                                  << "text/html" << false;
        QTest::newRow("image type") << "http://h/a"
                                    << "image"
                                    << "" << true;
        QTest::newRow("css mime") << "http://h/a"
                                  << ""
                                  << "text/css" << true;
        QTest::newRow("woff2 extension") << "http://h/f.woff2"
                                         << ""
                                         << "" << true;
        QTest::newRow("json extension") << "http://h/data.json"
                                        << ""
                                        << "" << false;
    }
    void isStaticAsset()
    {
        QFETCH(QString, url);
        QFETCH(QString, resourceType);
        QFETCH(QString, mime);
        QFETCH(bool, isStatic);
        RecordedExchange x;
        x.url = QUrl(url);
        x.resourceType = resourceType;
        x.responseMimeType = mime;
        QCOMPARE(ProfileImporter::isStaticAsset(x), isStatic);
    }
};

QTEST_GUILESS_MAIN(ProfileImporterTest)
#include "profileimportertest.moc"
