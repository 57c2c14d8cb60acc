// Mailbox: posting order, posting from other threads, one wake-up for many posts. Run under
// the tsan preset too: every hand-off here must be visible to ThreadSanitizer.

#include "engine/mailbox.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTest>
#include <QThread>

#include <atomic>
#include <thread>
#include <vector>

using namespace cicada;

namespace {

constexpr int kWaitMs = 20000;

/** Counts the queued calls (QEvent::MetaCall) that wake a mailbox. */
class WakeCounter final : public QObject
{
public:
    int wakes = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::MetaCall)
            ++wakes;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

class MailboxTest : public QObject
{
    Q_OBJECT

private slots:
    void tasksRunLaterInPostingOrder();
    void taskPostedByATaskRunsAfterTheCurrentBatch();
    void postsFromManyThreadsAllRunInTheOwnerThread_data();
    void postsFromManyThreadsAllRunInTheOwnerThread();
    void manyPostsBeforeADrainShareOneWakeUp();
    void mailboxInAWorkerThreadRunsTasksThere();
};

void MailboxTest::tasksRunLaterInPostingOrder()
{
    Mailbox mailbox;
    std::vector<int> ran;
    for (int i = 0; i < 100; ++i)
        mailbox.post([&ran, i] { ran.push_back(i); });
    QVERIFY(ran.empty()); // never inside post()
    QTRY_COMPARE_WITH_TIMEOUT(ran.size(), size_t(100), kWaitMs);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(ran[size_t(i)], i);
}

void MailboxTest::taskPostedByATaskRunsAfterTheCurrentBatch()
{
    Mailbox mailbox;
    QStringList ran;
    mailbox.post([&] {
        ran.append(QStringLiteral("a"));
        mailbox.post([&] { ran.append(QStringLiteral("c")); });
    });
    mailbox.post([&] { ran.append(QStringLiteral("b")); });
    QTRY_COMPARE_WITH_TIMEOUT(ran.size(), 3, kWaitMs);
    QCOMPARE(ran, QStringList({"a", "b", "c"}));
}

void MailboxTest::postsFromManyThreadsAllRunInTheOwnerThread_data()
{
    QTest::addColumn<int>("threads");
    QTest::addColumn<int>("postsPerThread");
    QTest::newRow("1 x 1000") << 1 << 1000;
    QTest::newRow("4 x 2000") << 4 << 2000;
    QTest::newRow("16 x 200") << 16 << 200;
}

void MailboxTest::postsFromManyThreadsAllRunInTheOwnerThread()
{
    QFETCH(int, threads);
    QFETCH(int, postsPerThread);
    Mailbox mailbox;
    // Touched only by tasks, i.e. only in this (the owner) thread: TSan reports any task that
    // ran elsewhere or without a happens-before edge from its post().
    std::vector<std::vector<int>> seen;
    seen.resize(size_t(threads));
    int total = 0;
    bool wrongThread = false;
    QThread *owner = QThread::currentThread();
    std::vector<std::thread> posters;
    for (int t = 0; t < threads; ++t) {
        posters.emplace_back([&, t] {
            for (int i = 0; i < postsPerThread; ++i) {
                auto payload = std::make_shared<int>(i); // written here, read in the owner
                mailbox.post([&, t, payload] {
                    wrongThread = wrongThread || QThread::currentThread() != owner;
                    seen[size_t(t)].push_back(*payload);
                    ++total;
                });
            }
        });
    }
    for (std::thread &poster : posters)
        poster.join();
    QTRY_COMPARE_WITH_TIMEOUT(total, threads * postsPerThread, kWaitMs);
    QVERIFY(!wrongThread);
    for (const std::vector<int> &fromOne : seen) {
        QCOMPARE(int(fromOne.size()), postsPerThread);
        for (int i = 0; i < postsPerThread; ++i)
            QCOMPARE(fromOne[size_t(i)], i); // each thread's posts in its order
    }
}

void MailboxTest::manyPostsBeforeADrainShareOneWakeUp()
{
    Mailbox mailbox;
    WakeCounter counter;
    mailbox.installEventFilter(&counter);
    int ran = 0;
    std::thread poster([&] {
        for (int i = 0; i < 500; ++i)
            mailbox.post([&ran] { ++ran; });
    });
    poster.join();
    for (int i = 0; i < 500; ++i)
        mailbox.post([&ran] { ++ran; });
    QTRY_COMPARE_WITH_TIMEOUT(ran, 1000, kWaitMs);
    QCOMPARE(counter.wakes, 1);

    // After a drain the next post needs (and gets) a new wake-up.
    mailbox.post([&ran] { ++ran; });
    QTRY_COMPARE_WITH_TIMEOUT(ran, 1001, kWaitMs);
    QCOMPARE(counter.wakes, 2);
}

void MailboxTest::mailboxInAWorkerThreadRunsTasksThere()
{
    QThread worker;
    auto *mailbox = new Mailbox;
    mailbox->moveToThread(&worker);
    worker.start();
    std::atomic<int> ran{0};
    std::atomic<bool> wrongThread{false};
    for (int i = 0; i < 100; ++i) {
        mailbox->post([&] {
            if (QThread::currentThread() != &worker)
                wrongThread = true;
            ++ran;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(ran.load(), 100, kWaitMs);
    QVERIFY(!wrongThread);
    mailbox->post([mailbox] { delete mailbox; }); // deleted in its own thread, after its tasks
    worker.quit();
    QVERIFY(worker.wait(kWaitMs));
}

QTEST_GUILESS_MAIN(MailboxTest)
#include "mailboxtest.moc"
