#include "feed/feedfilereader.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cicada;

namespace {

using Rows = QList<QStringList>;

} // namespace

class FeedFileReaderTest : public QObject
{
    Q_OBJECT

private slots:
    void csvParses_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("columns");
        QTest::addColumn<Rows>("rows");
        const QStringList ab = {QStringLiteral("a"), QStringLiteral("b")};
        QTest::newRow("LF") << QByteArray("a,b\n1,2\n3,4\n") << ab << Rows{{"1", "2"}, {"3", "4"}};
        QTest::newRow("CRLF") << QByteArray("a,b\r\n1,2\r\n3,4\r\n") << ab
                              << Rows{{"1", "2"}, {"3", "4"}};
        QTest::newRow("no final line break") << QByteArray("a,b\n1,2") << ab << Rows{{"1", "2"}};
        QTest::newRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBF"
                                                 "a,b\n1,2\n")
                                   << ab << Rows{{"1", "2"}};
        QTest::newRow("quoted comma")
            << QByteArray("a,b\n\"x, y\",2\n") << ab << Rows{{"x, y", "2"}};
        QTest::newRow("doubled quote")
            << QByteArray("a,b\n\"say \"\"hi\"\"\",2\n") << ab << Rows{{"say \"hi\"", "2"}};
        QTest::newRow("line break in quotes")
            << QByteArray("a,b\r\n\"line1\r\nline2\",2\r\n") << ab << Rows{{"line1\r\nline2", "2"}};
        QTest::newRow("empty fields")
            << QByteArray("a,b\n,\n\"\",x\n") << ab << Rows{{"", ""}, {"", "x"}};
        QTest::newRow("spaces are kept")
            << QByteArray("a,b\n 1 , 2\n") << ab << Rows{{" 1 ", " 2"}};
        QTest::newRow("blank lines skipped")
            << QByteArray("a,b\n\n1,2\n\r\n3,4\n\n") << ab << Rows{{"1", "2"}, {"3", "4"}};
        QTest::newRow("quoted header")
            << QByteArray("\"first name\",b\nAda,2\n")
            << QStringList{QStringLiteral("first name"), QStringLiteral("b")} << Rows{{"Ada", "2"}};
        QTest::newRow("one column")
            << QByteArray("id\n1\n2\n") << QStringList{"id"} << Rows{{"1"}, {"2"}};
        QTest::newRow("unicode") << QByteArray("name\ngrüße ✓\n") << QStringList{"name"}
                                 << Rows{{QStringLiteral("grüße ✓")}};
    }
    void csvParses()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, columns);
        QFETCH(Rows, rows);
        FeedTable table;
        FeedFileReader::Error error;
        QVERIFY2(FeedFileReader::parseCsv(bytes, &table, &error), qPrintable(error.message));
        QCOMPARE(table.columns(), columns);
        QCOMPARE(table.rowCount(), rows.size());
        for (qsizetype r = 0; r < rows.size(); ++r)
            QCOMPARE(table.row(r), rows.at(r));
        QCOMPARE(table.columnIndex(columns.back()), int(columns.size()) - 1);
        QCOMPARE(table.columnIndex(QStringLiteral("nope")), -1);
    }

    void csvErrorsNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty file") << QByteArray() << 1 << QStringLiteral("the file is empty");
        QTest::newRow("only a BOM")
            << QByteArray("\xEF\xBB\xBF") << 1 << QStringLiteral("the file is empty");
        QTest::newRow("only blank lines")
            << QByteArray("\n\r\n\n") << 1 << QStringLiteral("the file is empty");
        QTest::newRow("header only")
            << QByteArray("a,b\n") << 1 << QStringLiteral("a header row but no rows");
        QTest::newRow("header after blank lines")
            << QByteArray("\n\na,b\n") << 3 << QStringLiteral("no rows");
        QTest::newRow("too few fields") << QByteArray("a,b\n1,2\n3\n") << 3
                                        << QStringLiteral("this row has 1 fields but the header "
                                                          "has 2");
        QTest::newRow("too many fields, CRLF")
            << QByteArray("a,b\r\n1,2\r\n3,4,5\r\n") << 3 << QStringLiteral("has 3 fields");
        QTest::newRow("line counts quoted line breaks")
            << QByteArray("a,b\n\"x\ny\",1\n2\n") << 4 << QStringLiteral("has 1 fields");
        QTest::newRow("unclosed quote")
            << QByteArray("a,b\n1,2\n\"open,3\n4,5\n") << 3 << QStringLiteral("never closed");
        QTest::newRow("quote inside a field") << QByteArray("a,b\n1,x\"y\n") << 2
                                              << QStringLiteral("a quote inside an unquoted field");
        QTest::newRow("text after a closing quote")
            << QByteArray("a,b\n\"x\"y,1\n") << 2 << QStringLiteral("after a closing quote");
        QTest::newRow("empty column name") << QByteArray("a,,c\n1,2,3\n") << 1
                                           << QStringLiteral("column 2 of the header row has no "
                                                             "name");
        QTest::newRow("duplicate column")
            << QByteArray("id,id\n1,2\n") << 1 << QStringLiteral("names column 'id' twice");
        QTest::newRow("not UTF-8")
            << QByteArray("a\nok\n\xff\xfe\n") << 3 << QStringLiteral("not UTF-8");
    }
    void csvErrorsNameTheLine()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, line);
        QFETCH(QString, message);
        FeedTable table;
        FeedFileReader::Error error;
        QVERIFY(!FeedFileReader::parseCsv(bytes, &table, &error));
        QVERIFY2(error.message.contains(message), qPrintable(error.message));
        QCOMPARE(error.line, line);
    }

    void jsonParses()
    {
        FeedTable table;
        FeedFileReader::Error error;
        QVERIFY2(FeedFileReader::parseJson(
                     R"([{"id": 1, "name": "Ada", "vip": true, "ratio": 0.5, "note": null},
                         {"name": "Bob", "id": 12345678901, "extra": "x"}])",
                     &table, &error),
                 qPrintable(error.message));
        QCOMPARE(table.columns(), (QStringList{"id", "name", "note", "ratio", "vip", "extra"}));
        QCOMPARE(table.rowCount(), 2);
        QCOMPARE(table.row(0), (QStringList{"1", "Ada", "", "0.5", "true", ""}));
        QCOMPARE(table.row(1), (QStringList{"12345678901", "Bob", "", "", "", "x"}));
        QCOMPARE(table.firstMissingRow(table.columnIndex(QStringLiteral("extra"))), 0);
        QCOMPARE(table.firstMissingRow(table.columnIndex(QStringLiteral("vip"))), 1);
        QCOMPARE(table.firstMissingRow(table.columnIndex(QStringLiteral("name"))), -1);
    }

    void jsonErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax") << QByteArray("[\n{\"a\": 1},\n{\"a\" 2}\n]") << 3
                                << QStringLiteral("JSON syntax error");
        QTest::newRow("object") << QByteArray(R"({"a": 1})") << 0
                                << QStringLiteral("an array of objects");
        QTest::newRow("empty array")
            << QByteArray("[]") << 0 << QStringLiteral("the array is empty");
        QTest::newRow("scalar element") << QByteArray(R"([{"a": 1}, 2])") << 0
                                        << QStringLiteral("element [1] is not an object");
        QTest::newRow("nested value") << QByteArray(R"([{"a": {"b": 1}}])") << 0
                                      << QStringLiteral("element [0] key 'a' holds an object");
        QTest::newRow("array value")
            << QByteArray(R"([{"a": [1]}])") << 0 << QStringLiteral("holds an array");
        QTest::newRow("empty file") << QByteArray() << 1 << QStringLiteral("JSON syntax error");
    }
    void jsonErrors()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, line);
        QFETCH(QString, message);
        FeedTable table;
        FeedFileReader::Error error;
        QVERIFY(!FeedFileReader::parseJson(bytes, &table, &error));
        QVERIFY2(error.message.contains(message), qPrintable(error.message));
        QCOMPARE(error.line, line);
    }

    void readFileChoosesTheFormatAndRefusesWhatIsNotAFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto write = [&dir](const QString &name, const QByteArray &bytes) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        };
        write(QStringLiteral("rows.json"), R"([{"a": "j"}])");
        write(QStringLiteral("rows.txt"), "a\nc\n");
        write(QStringLiteral("csv.json"), "a\nforced\n");
        FeedTable table;
        FeedFileReader::Error error;
        QVERIFY(FeedFileReader::readFile(dir.filePath(QStringLiteral("rows.json")),
                                         Feeder::Format::Auto, &table, &error));
        QCOMPARE(table.value(0, 0), QStringLiteral("j"));
        QVERIFY(FeedFileReader::readFile(dir.filePath(QStringLiteral("rows.txt")),
                                         Feeder::Format::Auto, &table, &error));
        QCOMPARE(table.value(0, 0), QStringLiteral("c"));
        QVERIFY(FeedFileReader::readFile(dir.filePath(QStringLiteral("csv.json")),
                                         Feeder::Format::Csv, &table, &error));
        QCOMPARE(table.value(0, 0), QStringLiteral("forced"));

        QVERIFY(!FeedFileReader::readFile(dir.filePath(QStringLiteral("missing.csv")),
                                          Feeder::Format::Auto, &table, &error));
        QCOMPARE(error.message, QStringLiteral("the file does not exist"));
        QVERIFY(!FeedFileReader::readFile(dir.path(), Feeder::Format::Auto, &table, &error));
        QVERIFY(error.message.contains(QLatin1String("directory")));
        QVERIFY(!FeedFileReader::readFile(QStringLiteral("/dev/zero"), Feeder::Format::Csv, &table,
                                          &error));
        QVERIFY(error.message.contains(QLatin1String("not a regular file")));
    }
};

QTEST_GUILESS_MAIN(FeedFileReaderTest)
#include "feedfilereadertest.moc"
