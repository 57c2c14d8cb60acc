#include "import/curlcommand.h"

#include <QTest>

using namespace cicada;

class CurlCommandTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsAChromiumCopyAsCurl()
    {
        const QString command = QStringLiteral("curl 'https://api.example.com/v1/orders?x=1' \\\n"
                                               "  -H 'accept: application/json' \\\n"
                                               "  -H 'authorization: Bearer abc.def' \\\n"
                                               "  -H 'content-type: application/json' \\\n"
                                               "  -b 'sid=s3cr3t; theme=dark' \\\n"
                                               "  --data-raw $'{\"note\":\"it\\'s\\nfine\"}' \\\n"
                                               "  --compressed");
        QString error;
        const std::optional<RecordedExchange> x = CurlCommand::parse(command, &error);
        QVERIFY2(x, qPrintable(error));
        QCOMPARE(x->method, QStringLiteral("POST"));
        QCOMPARE(x->url.toString(), QStringLiteral("https://api.example.com/v1/orders?x=1"));
        QCOMPARE(x->body, QStringLiteral("{\"note\":\"it's\nfine\"}"));
        QCOMPARE(x->bodyMimeType, QStringLiteral("application/json"));
        QCOMPARE(x->headers.size(), 3);
        QCOMPARE(x->headers.at(1).name, QStringLiteral("authorization"));
        QCOMPARE(x->cookies.size(), 2);
        QCOMPARE(x->cookies.at(0).name, QStringLiteral("sid"));
        QCOMPARE(x->cookies.at(0).value, QStringLiteral("s3cr3t"));
    }

    void methodUserAndGetData()
    {
        QString error;
        std::optional<RecordedExchange> x = CurlCommand::parse(
            QStringLiteral("curl -X put -u bob:pw \"http://h/a\" -d 'a=1'"), &error);
        QVERIFY2(x, qPrintable(error));
        QCOMPARE(x->method, QStringLiteral("PUT"));
        QCOMPARE(x->headers.at(0).name, QStringLiteral("Authorization"));
        QCOMPARE(x->headers.at(0).value, QStringLiteral("Basic Ym9iOnB3"));
        QCOMPARE(x->bodyMimeType, QStringLiteral("application/x-www-form-urlencoded"));

        x = CurlCommand::parse(QStringLiteral("curl -G http://h/s --data q=cats -d n=2"), &error);
        QVERIFY2(x, qPrintable(error));
        QCOMPARE(x->method, QStringLiteral("GET"));
        QCOMPARE(x->url.query(), QStringLiteral("q=cats&n=2"));
        QVERIFY(x->body.isEmpty());
    }

    void errorsSayWhat_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("error");
        QTest::newRow("not curl") << QStringLiteral("wget http://h/")
                                  << QStringLiteral("not a curl");
        QTest::newRow("quote") << QStringLiteral("curl 'http://h/")
                               << QStringLiteral("unterminated");
        QTest::newRow("no url") << QStringLiteral("curl -H 'a: b'") << QStringLiteral("no URL");
        QTest::newRow("unknown option")
            << QStringLiteral("curl --upload-file x http://h/")
            << QStringLiteral("unsupported curl option '--upload-file'");
        QTest::newRow("missing value")
            << QStringLiteral("curl http://h/ -H") << QStringLiteral("-H needs a value");
    }
    void errorsSayWhat()
    {
        QFETCH(QString, command);
        QFETCH(QString, error);
        QString message;
        QVERIFY(!CurlCommand::parse(command, &message));
        QVERIFY2(message.contains(error), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(CurlCommandTest)
#include "curlcommandtest.moc"
