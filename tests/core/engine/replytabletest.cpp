#include "engine/replytable.h"

#include "engine/parsedmessage.h"

#include <QTest>

using namespace cicada;

namespace {

constexpr qint64 kMs = 1000000;

CompiledWsSend matchStep(QStringList pointers = {QStringLiteral("/id")}, int replies = 1)
{
    CompiledWsSend s;
    s.type = QStringLiteral("WS send");
    s.name = QStringLiteral("m");
    s.await = WsSendStep::Await::Match;
    s.matchPointers = std::move(pointers);
    s.timeoutMs = 100;
    s.replies = replies;
    return s;
}

/** Files a send of @p json for @p step at @p sentNs; returns add()'s result. */
bool send(ReplyTable &table, const CompiledWsSend &step, const QByteArray &json, qint64 sentNs)
{
    ParsedMessage sent(json);
    PendingReply p;
    p.step = &step;
    if (step.await == WsSendStep::Await::Match && !ReplyTable::keyOf(step, sent, &p.key))
        return false;
    p.sentNs = sentNs;
    p.deadlineNs = sentNs + step.timeoutMs * kMs;
    return table.add(p);
}

ReplyTable::Result receive(ReplyTable &table, const QByteArray &json, qint64 nowNs)
{
    ParsedMessage m(json);
    return table.take(m, nowNs);
}

} // namespace

class ReplyTableTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void repliesMatchTheirOwnSendOutOfOrder();
    void numberAndStringIdsAreDifferentKeys();
    void nestedPointerAndTypePlusId();
    void duplicateKeyWhilePendingIsRefused();
    void multiReplyCompletesAtTheNthReply();
    void multiReplyUntilCompletesAtTheTerminator();
    void awaitNextTakesMessagesInSendOrder();
    void expiredSendsMakeLateRepliesNotPushes();
    void takeAllEmptiesTheTableAndForgetsLate();
    void lateMemoryIsBounded();
};

void ReplyTableTest::repliesMatchTheirOwnSendOutOfOrder()
{
    const CompiledWsSend step = matchStep();
    ReplyTable table;
    for (int i = 0; i < 16; ++i)
        QVERIFY(send(table, step, QStringLiteral(R"({"id":%1})").arg(i).toUtf8(), i * kMs));
    QCOMPARE(table.pendingCount(&step), 16);
    for (int i = 15; i >= 0; --i) {
        const auto r = receive(table, QStringLiteral(R"({"type":"reply","id":%1})").arg(i).toUtf8(),
                               100 * kMs);
        QCOMPARE(r.match, ReplyTable::Match::Complete);
        QCOMPARE(r.reply.sentNs, i * kMs);
    }
    QCOMPARE(table.pendingCount(&step), 0);
    QCOMPARE(receive(table, R"({"type":"push"})", 0).match, ReplyTable::Match::None);
}

void ReplyTableTest::numberAndStringIdsAreDifferentKeys()
{
    const CompiledWsSend step = matchStep();
    ReplyTable table;
    QVERIFY(send(table, step, R"({"id":5})", 0));
    QCOMPARE(receive(table, R"({"id":"5"})", 1).match, ReplyTable::Match::None);
    QCOMPARE(receive(table, R"({"id":5.0})", 1).match, ReplyTable::Match::Complete);
}

void ReplyTableTest::nestedPointerAndTypePlusId()
{
    const CompiledWsSend nested = matchStep({QStringLiteral("/meta/requestId")});
    const CompiledWsSend typed = matchStep({QStringLiteral("/type"), QStringLiteral("/id")});
    ReplyTable table;
    QVERIFY(send(table, nested, R"({"meta":{"requestId":"a1"}})", 0));
    QVERIFY(send(table, typed, R"({"type":"order","id":7})", 0));
    QCOMPARE(receive(table, R"({"type":"trade","id":7})", 1).match, ReplyTable::Match::None);
    const auto t = receive(table, R"({"id":7,"type":"order","x":1})", 1);
    QCOMPARE(t.match, ReplyTable::Match::Complete);
    QCOMPARE(t.reply.step, &typed);
    const auto n = receive(table, R"({"meta":{"requestId":"a1"},"type":"reply"})", 1);
    QCOMPARE(n.match, ReplyTable::Match::Complete);
    QCOMPARE(n.reply.step, &nested);
    // A sent message without the value cannot be matched at all.
    QVERIFY(!send(table, nested, R"({"id":1})", 0));
}

void ReplyTableTest::duplicateKeyWhilePendingIsRefused()
{
    const CompiledWsSend step = matchStep();
    ReplyTable table;
    QVERIFY(send(table, step, R"({"id":1})", 0));
    QVERIFY(!send(table, step, R"({"id":1})", 1));
    QCOMPARE(table.pendingCount(&step), 1);
}

void ReplyTableTest::multiReplyCompletesAtTheNthReply()
{
    const CompiledWsSend step = matchStep({QStringLiteral("/id")}, 3);
    ReplyTable table;
    QVERIFY(send(table, step, R"({"id":"p"})", 0));
    QCOMPARE(receive(table, R"({"id":"p","part":1})", 5 * kMs).match, ReplyTable::Match::Partial);
    QCOMPARE(receive(table, R"({"id":"p","part":2})", 6 * kMs).match, ReplyTable::Match::Partial);
    const auto r = receive(table, R"({"id":"p","part":3})", 9 * kMs);
    QCOMPARE(r.match, ReplyTable::Match::Complete);
    QCOMPARE(r.reply.replies, 3);
    QCOMPARE(r.reply.firstReplyNs, 5 * kMs);
    QCOMPARE(r.reply.bytes, qint64(3 * QByteArray(R"({"id":"p","part":1})").size()));
}

void ReplyTableTest::multiReplyUntilCompletesAtTheTerminator()
{
    CompiledWsSend step = matchStep();
    step.until = {Condition{QStringLiteral("/last"), Condition::Op::Equals, QJsonValue(true)}};
    ReplyTable table;
    QVERIFY(send(table, step, R"({"id":1})", 0));
    for (int i = 1; i < 5; ++i)
        QCOMPARE(receive(table, R"({"id":1,"last":false})", i).match, ReplyTable::Match::Partial);
    const auto r = receive(table, R"({"id":1,"last":true})", 9);
    QCOMPARE(r.match, ReplyTable::Match::Complete);
    QCOMPARE(r.reply.replies, 5);
}

void ReplyTableTest::awaitNextTakesMessagesInSendOrder()
{
    CompiledWsSend step = matchStep();
    step.await = WsSendStep::Await::NextMessage;
    ReplyTable table;
    QVERIFY(send(table, step, "a", 1));
    QVERIFY(send(table, step, "b", 2));
    auto r = receive(table, "anything", 3);
    QCOMPARE(r.match, ReplyTable::Match::Complete);
    QCOMPARE(r.reply.sentNs, 1);
    r = receive(table, "else", 4);
    QCOMPARE(r.reply.sentNs, 2);
    QCOMPARE(receive(table, "more", 5).match, ReplyTable::Match::None);
}

void ReplyTableTest::expiredSendsMakeLateRepliesNotPushes()
{
    const CompiledWsSend step = matchStep(); // 100 ms timeout
    ReplyTable table;
    QVERIFY(send(table, step, R"({"id":1})", 0));
    QVERIFY(send(table, step, R"({"id":2})", 50 * kMs));
    QCOMPARE(table.nextDeadlineNs(), 100 * kMs);
    QVERIFY(table.expire(100 * kMs - 1).isEmpty());
    const QList<PendingReply> expired = table.expire(100 * kMs);
    QCOMPARE(expired.size(), 1);
    QCOMPARE(expired.first().sentNs, 0);
    QCOMPARE(table.nextDeadlineNs(), 150 * kMs);
    const auto late = receive(table, R"({"id":1})", 130 * kMs);
    QCOMPARE(late.match, ReplyTable::Match::Late);
    QCOMPARE(late.reply.sentNs, 0);
    QCOMPARE(receive(table, R"({"id":2})", 131 * kMs).match, ReplyTable::Match::Complete);
    QCOMPARE(receive(table, R"({"id":3})", 132 * kMs).match, ReplyTable::Match::None);
    // The same id sent again belongs to the new send, not to the late one.
    QVERIFY(send(table, step, R"({"id":1})", 200 * kMs));
    QCOMPARE(receive(table, R"({"id":1})", 201 * kMs).match, ReplyTable::Match::Complete);
}

void ReplyTableTest::takeAllEmptiesTheTableAndForgetsLate()
{
    const CompiledWsSend step = matchStep();
    ReplyTable table;
    QVERIFY(send(table, step, R"({"id":1})", 0));
    (void)table.expire(200 * kMs);
    QVERIFY(send(table, step, R"({"id":2})", 300 * kMs));
    QVERIFY(send(table, step, R"({"id":3})", 301 * kMs));
    const QList<PendingReply> all = table.takeAll();
    QCOMPARE(all.size(), 2);
    QCOMPARE(table.size(), 0);
    QCOMPARE(table.nextDeadlineNs(), -1);
    QCOMPARE(receive(table, R"({"id":1})", 400 * kMs).match, ReplyTable::Match::None);
}

void ReplyTableTest::lateMemoryIsBounded()
{
    const CompiledWsSend step = matchStep();
    ReplyTable table;
    const int n = ReplyTable::kMaxLateEntries + 10;
    for (int i = 0; i < n; ++i)
        QVERIFY(send(table, step, QStringLiteral(R"({"id":%1})").arg(i).toUtf8(), i));
    QCOMPARE(table.expire(1000 * kMs).size(), n);
    // The oldest were forgotten (pushes now), the newest are still recognised as late.
    QCOMPARE(receive(table, R"({"id":0})", 0).match, ReplyTable::Match::None);
    QCOMPARE(receive(table, QStringLiteral(R"({"id":%1})").arg(n - 1).toUtf8(), 0).match,
             ReplyTable::Match::Late);
}

QTEST_GUILESS_MAIN(ReplyTableTest)
#include "replytabletest.moc"
