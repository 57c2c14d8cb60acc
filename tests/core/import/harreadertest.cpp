#include "import/harreader.h"

#include <QFile>
#include <QTest>

using namespace cicada;

class HarReaderTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsEntriesWithChromiumWebSocketFrames()
    {
        QFile file(QStringLiteral(CICADA_TEST_DATA_DIR "/har/demo-chat.har"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QStringList errors;
        const QList<RecordedExchange> entries = HarReader::read(file.readAll(), &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
        QCOMPARE(entries.size(), 9);
        const RecordedExchange &login = entries.at(5);
        QCOMPARE(login.method, QStringLiteral("POST"));
        QCOMPARE(login.url.path(), QStringLiteral("/login"));
        QCOMPARE(login.bodyMimeType, QStringLiteral("application/json"));
        QVERIFY(login.body.contains(QStringLiteral("\"user\"")));
        QCOMPARE(login.setCookies, QStringList{QStringLiteral("sessionid")});
        QCOMPARE(login.startedMs, qint64(1'700'000'001'500));
        QCOMPARE(login.durationMs, qint64(15));

        const RecordedExchange &ws = entries.at(7);
        QVERIFY(ws.webSocket);
        QCOMPARE(ws.cookies.size(), 2);
        QCOMPARE(ws.wsMessages.size(), 8);
        QVERIFY(ws.wsMessages.at(0).sent);
        QVERIFY(!ws.wsMessages.at(1).sent);
        QCOMPARE(ws.wsMessages.at(0).timeMs, qint64(1'700'000'002'100));
        QVERIFY(ws.wsMessages.at(7).binary);
        // Cookie headers are not kept as headers: the cookies list has them.
        for (const RecordedExchange &x : entries)
            for (const NameValue &h : x.headers)
                QVERIFY(h.name.compare(QLatin1String("cookie"), Qt::CaseInsensitive) != 0);
    }

    void entriesComeOutInStartOrder()
    {
        const QByteArray har = R"({"log": {"entries": [
            {"startedDateTime": "2024-01-01T00:00:02.000Z", "time": 1,
             "request": {"method": "GET", "url": "http:\/\/h/b"}, "response": {"status": 200}},
            {"startedDateTime": "2024-01-01T00:00:01.000Z", "time": 1,
             "request": {"method": "GET", "url": "http:\/\/h/a"}, "response": {"status": 200}}]}})";
        QStringList errors;
        const QList<RecordedExchange> entries = HarReader::read(har, &errors);
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.at(0).url.path(), QStringLiteral("/a"));
    }

    void aBadEntryIsSkippedWithItsPathAndReadingGoesOn()
    {
        const QByteArray har = R"({"log": {"entries": [
            {"request": {"method": "GET", "url": "not a url"}},
            {"request": {"method": "get", "url": "http:\/\/h/ok"}}]}})";
        QStringList errors;
        const QList<RecordedExchange> entries = HarReader::read(har, &errors);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).method, QStringLiteral("GET"));
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.at(0).startsWith(QStringLiteral("$.log.entries[0].request.url")));
    }

    void aFileThatIsNotAHarSaysSo()
    {
        QStringList errors;
        QVERIFY(HarReader::read(R"({"foo": 1})", &errors).isEmpty());
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.at(0).contains(QStringLiteral("not a HAR")));
        errors.clear();
        QVERIFY(HarReader::read("{", &errors).isEmpty());
        QVERIFY(errors.at(0).startsWith(QStringLiteral("not JSON")));
    }
};

QTEST_GUILESS_MAIN(HarReaderTest)
#include "harreadertest.moc"
