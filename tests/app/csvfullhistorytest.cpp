// `cicada-cli run --csv PREFIX --csv-full-history` against Locust 2.12's own `--csv-full-history`:
// both load the same Python http.server (tests/servers/http_server.py) on 127.0.0.1 with the
// same two named requests, and PREFIX_stats_history.csv must have Locust's header, row order
// and field formats. Debian's python3-locust runs the reference; every run is bounded in time.
#include "../common/demoprocess.h"
#include "../common/pythonserver.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int kColumns = 24;
constexpr int kProcessTimeoutMs = 90'000;

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// The rows of a CSV file without quoted fields (both files' names have none), split on CRLF.
QList<QStringList> csvRows(const QByteArray &text)
{
    QList<QStringList> rows;
    for (const QString &line : QString::fromUtf8(text).split(QStringLiteral("\r\n"))) {
        if (!line.isEmpty())
            rows.append(line.split(QLatin1Char(',')));
    }
    return rows;
}

/// The rows of each second, in file order, as "Type Name": a group ends with its Aggregated row.
/// Cicada's last group (its final tick after the stop) may repeat the previous one's Timestamp.
QList<QStringList> groupsOfRows(const QList<QStringList> &rows, QString *problem)
{
    QList<QStringList> groups;
    QString timestamp;
    bool open = false;
    for (qsizetype i = 1; i < rows.size(); ++i) {
        if (!open) {
            groups.append(QStringList());
            timestamp = rows.at(i).at(0);
            open = true;
        } else if (rows.at(i).at(0) != timestamp) {
            *problem = QStringLiteral("row %1: a new Timestamp before the Aggregated row").arg(i);
        }
        groups.last().append(rows.at(i).at(2) + QLatin1Char(' ') + rows.at(i).at(3));
        open = rows.at(i).at(3) != QStringLiteral("Aggregated");
    }
    return groups;
}

/// Checks what Locust's _stats_history_data_rows writes: every group is the rows sorted by
/// (name, type), then " Aggregated"; fields formatted as Locust formats them.
QString formatProblem(const QList<QStringList> &rows)
{
    static const QRegularExpression rate(QStringLiteral("^\\d+\\.\\d{6}$"));
    static const QRegularExpression percentile(QStringLiteral("^(\\d+|N/A)$"));
    static const QRegularExpression integer(QStringLiteral("^\\d+$"));
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QStringList &f = rows.at(i);
        if (f.size() != kColumns)
            return QStringLiteral("row %1 has %2 fields").arg(i).arg(f.size());
        if (!integer.match(f.at(0)).hasMatch() || !integer.match(f.at(1)).hasMatch() ||
            !rate.match(f.at(4)).hasMatch() || !rate.match(f.at(5)).hasMatch() ||
            !integer.match(f.at(17)).hasMatch() || !integer.match(f.at(18)).hasMatch())
            return QStringLiteral("row %1: %2").arg(i).arg(f.join(QLatin1Char(',')));
        for (int c = 6; c < 17; ++c) {
            if (!percentile.match(f.at(c)).hasMatch())
                return QStringLiteral("row %1 column %2: %3").arg(i).arg(c).arg(f.at(c));
        }
    }
    QString problem;
    const QList<QStringList> groups = groupsOfRows(rows, &problem);
    if (!problem.isEmpty())
        return problem;
    for (const QStringList &group : groups) {
        if (group.constLast() != QStringLiteral(" Aggregated"))
            return QStringLiteral("a group does not end with Aggregated: ") + group.join(u'|');
        for (qsizetype i = 1; i + 1 < group.size(); ++i) {
            const QStringList a = group.at(i - 1).split(QLatin1Char(' '));
            const QStringList b = group.at(i).split(QLatin1Char(' '));
            if (std::tie(a.at(1), a.at(0)) >= std::tie(b.at(1), b.at(0)))
                return QStringLiteral("not sorted by (name, type): ") + group.join(u'|');
        }
    }
    return {};
}

} // namespace

class CsvFullHistoryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fullHistoryMatchesLocustsOwn();
    void fullHistoryNeedsCsv();
};

void CsvFullHistoryTest::fullHistoryMatchesLocustsOwn()
{
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"),
                {QStringLiteral("-c"), QStringLiteral("import locust")});
    QVERIFY(probe.waitForFinished(20000));
    QVERIFY2(probe.exitCode() == 0, "Debian's python3-locust is needed (scripts/setup.sh)");
    cicada::test::PythonServer server(QStringLiteral("http_server.py"));
    QVERIFY2(server.isRunning(), "http_server.py did not start");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString host = QStringLiteral("http://127.0.0.1:%1").arg(server.port());

    QFile locustfile(dir.filePath(QStringLiteral("locustfile.py")));
    QVERIFY(locustfile.open(QIODevice::WriteOnly));
    locustfile.write("from locust import HttpUser, task, constant\n\n\n"
                     "class U(HttpUser):\n"
                     "    wait_time = constant(0.05)\n\n"
                     "    @task\n"
                     "    def t(self):\n"
                     "        self.client.get(\"/json\", name=\"json\")\n"
                     "        self.client.get(\"/\", name=\"/\")\n");
    locustfile.close();
    // Locust flushes its history file every 10 s only (and not at exit): 12 s of run time.
    QProcess locust;
    locust.setWorkingDirectory(dir.path());
    locust.setProcessChannelMode(QProcess::MergedChannels);
    locust.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-m"), QStringLiteral("locust"), QStringLiteral("-f"),
                  locustfile.fileName(), QStringLiteral("--headless"), QStringLiteral("-u"),
                  QStringLiteral("2"), QStringLiteral("-r"), QStringLiteral("2"),
                  QStringLiteral("-t"), QStringLiteral("12s"), QStringLiteral("-H"), host,
                  QStringLiteral("--csv"), dir.filePath(QStringLiteral("locust")),
                  QStringLiteral("--csv-full-history"), QStringLiteral("--only-summary"),
                  QStringLiteral("--loglevel"), QStringLiteral("WARNING")});
    QVERIFY(locust.waitForFinished(kProcessTimeoutMs));
    QVERIFY2(locust.exitCode() == 0, locust.readAll().constData());

    QFile profile(dir.filePath(QStringLiteral("history.cicada.json")));
    QVERIFY(profile.open(QIODevice::WriteOnly));
    profile.write(QStringLiteral(R"({ "schema": 1, "name": "csv history",
      "target": { "baseUrl": "%1" },
      "userTypes": [ { "name": "U", "weight": 1, "wait": { "constant": "50ms" },
        "tasks": [ { "name": "t", "steps": [
          { "http": { "path": "/json", "name": "json" } },
          { "http": { "path": "/", "name": "/" } } ] } ] } ] })")
                      .arg(host)
                      .toUtf8());
    profile.close();
    QProcess cicada;
    cicada.setProcessChannelMode(QProcess::MergedChannels);
    cicada.start(cicada::test::cicadaCli(),
                 {QStringLiteral("run"), profile.fileName(), QStringLiteral("-u"),
                  QStringLiteral("2"), QStringLiteral("-r"), QStringLiteral("2"),
                  QStringLiteral("-t"), QStringLiteral("4s"), QStringLiteral("--threads"),
                  QStringLiteral("1"), QStringLiteral("--only-summary"), QStringLiteral("--csv"),
                  dir.filePath(QStringLiteral("cicada")), QStringLiteral("--csv-full-history")});
    QVERIFY(cicada.waitForFinished(kProcessTimeoutMs));
    QVERIFY2(cicada.exitCode() == 0, cicada.readAll().constData());

    const QByteArray locustText = readAll(dir.filePath(QStringLiteral("locust_stats_history.csv")));
    const QByteArray cicadaText = readAll(dir.filePath(QStringLiteral("cicada_stats_history.csv")));
    const QList<QStringList> locustRows = csvRows(locustText);
    const QList<QStringList> cicadaRows = csvRows(cicadaText);
    QVERIFY2(locustRows.size() > 4, locustText.constData());
    QVERIFY2(cicadaRows.size() > 4, cicadaText.constData());
    // The header, byte for byte, with the same line end.
    const qsizetype locustHeaderEnd = locustText.indexOf("\r\n");
    QVERIFY(locustHeaderEnd > 0);
    QCOMPARE(cicadaText.left(locustHeaderEnd + 2), locustText.left(locustHeaderEnd + 2));
    // Locust's own file passes the checks (so they describe Locust), and so does Cicada's.
    QCOMPARE(formatProblem(locustRows), QString());
    QCOMPARE(formatProblem(cicadaRows), QString());
    // Once both names have requests, a second's rows are the same, in the same order.
    const QStringList expected = {QStringLiteral("GET /"), QStringLiteral("GET json"),
                                  QStringLiteral(" Aggregated")};
    QString ignored;
    QCOMPARE(groupsOfRows(locustRows, &ignored).constLast(), expected);
    QCOMPARE(groupsOfRows(cicadaRows, &ignored).constLast(), expected);
    // Rows of one name count only that name: the names' totals sum to the Aggregated total.
    const QList<QStringList> last = cicadaRows.mid(cicadaRows.size() - 3);
    QCOMPARE(last.at(0).at(17).toLongLong() + last.at(1).at(17).toLongLong(),
             last.at(2).at(17).toLongLong());
    QVERIFY(last.at(0).at(17).toLongLong() > 0);
}

void CsvFullHistoryTest::fullHistoryNeedsCsv()
{
    // Like Locust ("'--csv-full-history' requires '--csv'"): bad input, nothing is run.
    QProcess cicada;
    cicada.start(cicada::test::cicadaCli(),
                 {QStringLiteral("run"),
                  QStringLiteral(CICADA_SOURCE_DIR "/resources/profiles/demo-chat.cicada.json"),
                  QStringLiteral("--csv-full-history")});
    QVERIFY(cicada.waitForFinished(kProcessTimeoutMs));
    QCOMPARE(cicada.exitCode(), 2);
    QVERIFY2(cicada.readAllStandardError().contains("--csv-full-history needs --csv"),
             "no reason given");
}

QTEST_GUILESS_MAIN(CsvFullHistoryTest)
#include "csvfullhistorytest.moc"
