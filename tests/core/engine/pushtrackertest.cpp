// PushTracker: push type, age from a server timestamp, losses from sequence gaps.

#include "engine/pushtracker.h"
#include "engine/parsedmessage.h"

#include <QDateTime>
#include <QTest>

using namespace cicada;

namespace {

/** 2026-01-01T00:00:00Z in epoch milliseconds. */
constexpr qint64 kEpochMs = 1767225600000;

PushSettings settings(const QString &timestamp = QStringLiteral("/ts"),
                      const QString &sequence = QStringLiteral("/seq"))
{
    PushSettings s;
    s.timestampPointer = timestamp;
    s.sequencePointer = sequence;
    return s;
}

PushTracker::Result push(PushTracker &tracker, const QByteArray &json, qint64 nowUs = 0,
                         bool binary = false)
{
    ParsedMessage m(json, binary);
    return tracker.onPush(m, nowUs);
}

} // namespace

class PushTrackerTest : public QObject
{
    Q_OBJECT

private slots:
    void type_data();
    void type();
    void age_data();
    void age();
    void lostCountsSequenceGapsPerType_data();
    void lostCountsSequenceGapsPerType();
    void resetForgetsSequences();
    void noPointersNoAgeNoLoss();
};

void PushTrackerTest::type_data()
{
    QTest::addColumn<QString>("typePointer");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<QString>("type");
    QTest::newRow("string type") << "/type" << QByteArray(R"({"type": "price"})") << false
                                 << "price";
    QTest::newRow("nested") << "/m/kind" << QByteArray(R"({"m": {"kind": "trade"}})") << false
                            << "trade";
    QTest::newRow("number type as JSON")
        << "/type" << QByteArray(R"({"type": 3.0})") << false << "3";
    QTest::newRow("absent") << "/type" << QByteArray(R"({"x": 1})") << false << "message";
    QTest::newRow("not JSON") << "/type" << QByteArray("tick") << false << "message";
    QTest::newRow("binary frame") << "/type" << QByteArray(R"({"type": "price"})") << true
                                  << "binary";
}

void PushTrackerTest::type()
{
    QFETCH(QString, typePointer);
    QFETCH(QByteArray, message);
    QFETCH(bool, binary);
    QFETCH(QString, type);
    PushSettings s;
    s.typePointer = typePointer;
    PushTracker tracker(s);
    QCOMPARE(push(tracker, message, 0, binary).type, type);
}

void PushTrackerTest::age_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<qint64>("nowUs");
    QTest::addColumn<qint64>("ageUs"); // -1: no age
    const qint64 nowUs = (kEpochMs + 250) * 1000;
    const QByteArray ms = QByteArray::number(kEpochMs);
    QTest::newRow("epoch ms") << QByteArray(R"({"ts": )" + ms + "}") << nowUs << 250000LL;
    QTest::newRow("epoch ms with fraction")
        << QByteArray(R"({"ts": )" + ms + ".5}") << nowUs << 249500LL;
    QTest::newRow("ISO 8601 Z with ms")
        << QByteArray(R"({"ts": "2026-01-01T00:00:00.100Z"})") << nowUs << 150000LL;
    QTest::newRow("ISO 8601 with offset")
        << QByteArray(R"({"ts": "2026-01-01T01:00:00.000+01:00"})") << nowUs << 250000LL;
    QTest::newRow("ISO 8601 without zone is UTC")
        << QByteArray(R"({"ts": "2026-01-01T00:00:00"})") << nowUs << 250000LL;
    QTest::newRow("future timestamp clamps to 0")
        << QByteArray(R"({"ts": )" + QByteArray::number(kEpochMs + 5000) + "}") << nowUs << 0LL;
    QTest::newRow("absent") << QByteArray(R"({"x": 1})") << nowUs << -1LL;
    QTest::newRow("unreadable string") << QByteArray(R"({"ts": "yesterday"})") << nowUs << -1LL;
    QTest::newRow("bool") << QByteArray(R"({"ts": true})") << nowUs << -1LL;
    QTest::newRow("absurd number") << QByteArray(R"({"ts": 1e300})") << nowUs << -1LL;
}

void PushTrackerTest::age()
{
    QFETCH(QByteArray, message);
    QFETCH(qint64, nowUs);
    QFETCH(qint64, ageUs);
    PushTracker tracker(settings());
    const PushTracker::Result result = push(tracker, message, nowUs);
    if (ageUs < 0) {
        QVERIFY(!result.ageUs.has_value());
    } else {
        QVERIFY(result.ageUs.has_value());
        QCOMPARE(*result.ageUs, ageUs);
    }
}

void PushTrackerTest::lostCountsSequenceGapsPerType_data()
{
    QTest::addColumn<QList<QByteArray>>("messages");
    QTest::addColumn<QList<qint64>>("lost");
    auto msg = [](const char *type, int seq) {
        return QByteArray(R"({"type": ")") + type + R"(", "seq": )" + QByteArray::number(seq) + "}";
    };
    QTest::newRow("no gaps") << QList<QByteArray>{msg("p", 1), msg("p", 2), msg("p", 3)}
                             << QList<qint64>{0, 0, 0};
    QTest::newRow("one missing") << QList<QByteArray>{msg("p", 1), msg("p", 3)}
                                 << QList<qint64>{0, 1};
    QTest::newRow("n after m loses n-m-1")
        << QList<QByteArray>{msg("p", 4), msg("p", 10)} << QList<qint64>{0, 5};
    QTest::newRow("first seen mid-stream counts nothing")
        << QList<QByteArray>{msg("p", 500)} << QList<qint64>{0};
    QTest::newRow("duplicate counts nothing")
        << QList<QByteArray>{msg("p", 1), msg("p", 2), msg("p", 2), msg("p", 3)}
        << QList<qint64>{0, 0, 0, 0};
    QTest::newRow("out of order counts nothing, later gap from the highest")
        << QList<QByteArray>{msg("p", 1), msg("p", 3), msg("p", 2), msg("p", 4), msg("p", 7)}
        << QList<qint64>{0, 1, 0, 0, 2};
    QTest::newRow("types are independent")
        << QList<QByteArray>{msg("a", 1), msg("b", 10), msg("a", 2), msg("b", 12), msg("a", 5)}
        << QList<qint64>{0, 0, 0, 1, 2};
    QTest::newRow("non-integer sequence ignored")
        << QList<QByteArray>{msg("p", 1), QByteArray(R"({"type": "p", "seq": 2.5})"),
                             QByteArray(R"({"type": "p", "seq": "3"})"), msg("p", 2)}
        << QList<qint64>{0, 0, 0, 0};
}

void PushTrackerTest::lostCountsSequenceGapsPerType()
{
    QFETCH(QList<QByteArray>, messages);
    QFETCH(QList<qint64>, lost);
    PushTracker tracker(settings());
    QList<qint64> actual;
    for (const QByteArray &m : messages)
        actual.append(push(tracker, m).lost);
    QCOMPARE(actual, lost);
}

void PushTrackerTest::resetForgetsSequences()
{
    PushTracker tracker(settings());
    QCOMPARE(push(tracker, R"({"type": "p", "seq": 100})").lost, 0);
    tracker.reset(); // a reconnect: the server may start again at 1
    QCOMPARE(push(tracker, R"({"type": "p", "seq": 1})").lost, 0);
    QCOMPARE(push(tracker, R"({"type": "p", "seq": 3})").lost, 1);
}

void PushTrackerTest::noPointersNoAgeNoLoss()
{
    PushTracker tracker(settings(QString(), QString()));
    QCOMPARE(push(tracker, R"({"type": "p", "seq": 1, "ts": 1})", kEpochMs * 1000).lost, 0);
    const PushTracker::Result r = push(tracker, R"({"type": "p", "seq": 9, "ts": 1})");
    QCOMPARE(r.lost, 0);
    QVERIFY(!r.ageUs.has_value());
    QCOMPARE(r.type, QStringLiteral("p"));
}

QTEST_GUILESS_MAIN(PushTrackerTest)
#include "pushtrackertest.moc"
