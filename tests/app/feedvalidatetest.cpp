// `cicada-cli validate` checks a profile's feeder files (issue 10): the file exists, parses, and
// has every column the profile uses; each error names the file, the placeholder's JSON path and,
// for CSV, the line.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

Result validate(const QString &profile)
{
    QProcess p;
    p.start(QStringLiteral(CICADA_CLI_PATH), {QStringLiteral("validate"), profile});
    p.waitForFinished(30000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class FeedValidateTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(f.fileName()));
        f.write(bytes);
        return f.fileName();
    }

    /** A profile that uses {{feed.users.COLUMN}} in a header, with users from FILE. */
    QString profile(const QByteArray &file, const QByteArray &column)
    {
        QByteArray json =
            "{\"schema\": 2, \"name\": \"v\",\n"
            " \"target\": {\"baseUrl\": \"http://127.0.0.1:1\"},\n"
            " \"feeders\": [{\"name\": \"users\", \"file\": \"FILE\"}],\n"
            " \"userTypes\": [{\"name\": \"U\", \"tasks\": [{\"name\": \"t\",\n"
            "   \"steps\": [{\"http\": {\"path\": \"/\", \"headers\":\n"
            "     [{\"name\": \"X-U\", \"value\": \"{{feed.users.COLUMN}}\"}]}}]}]}]}\n";
        json.replace("FILE", file).replace("COLUMN", column);
        return write(QStringLiteral("p.cicada.json"), json);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        write(QStringLiteral("users.csv"), "id,email\n1,a@x\n");
    }

    void aProfileWithItsFeederFilesIsValid()
    {
        const Result r = validate(profile("users.csv", "email"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QLatin1String(": valid")));
    }

    void aMissingFileIsAnError()
    {
        const QString path = profile("nope.csv", "email");
        const Result r = validate(path);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(path +
                                QStringLiteral(": $.feeders[0].file: nope.csv: the file "
                                               "does not exist (looked for ") +
                                m_dir.filePath(QStringLiteral("nope.csv")) + QLatin1Char(')')),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String(": 1 error")), qPrintable(r.err));
    }

    void aMissingColumnIsAnErrorAtThePlaceholder()
    {
        const QString path = profile("users.csv", "mail");
        const Result r = validate(path);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(
                     path + QStringLiteral(": $.userTypes[0].tasks[0].steps[0].http.headers[0]."
                                           "value: {{feed.users.mail}}: users.csv:1 has no column "
                                           "'mail'; columns: id, email (did you mean 'email'?)")),
                 qPrintable(r.err));
    }

    void aBrokenCsvNamesItsLine()
    {
        write(QStringLiteral("broken.csv"), "id,email\r\n1,a@x\r\n2\r\n");
        const Result r = validate(profile("broken.csv", "email"));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("$.feeders[0].file: broken.csv:3: this row has 1 "
                                              "fields but the header has 2")),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(FeedValidateTest)
#include "feedvalidatetest.moc"
