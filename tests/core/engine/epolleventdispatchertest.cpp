// EpollEventDispatcher on a worker QThread: timers (order, repeat, kill, 0 ms), socket notifiers
// under QTcpSocket traffic, posted events and wake-ups from other threads, a QWebSocket echo, and
// teardown with live timers and sockets. Every wait is bounded; nothing asserts wall-clock bounds.

#include "engine/epolleventdispatcher.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

using namespace cicada;

namespace {

constexpr int kWaitMs = 20000;

/** Runs the event loop of the calling thread until @p done or @p timeoutMs; returns done(). */
bool spinUntil(const std::function<bool()> &done, int timeoutMs = kWaitMs)
{
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    check.start(2);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!done())
        loop.exec();
    return done();
}

/**
 * Runs tasks handed over through a std::mutex, woken by a capture-free queued call (as
 * core/engine/mailbox.h does): ThreadSanitizer sees the hand-off, whereas a queued lambda's slot
 * object is shared through refcounts inside uninstrumented libQt6Core.
 */
class TaskRunner : public QObject
{
    Q_OBJECT
public:
    void runAndWait(const std::function<void()> &task)
    {
        std::unique_lock lock(m_mutex);
        m_task = &task;
        m_done = false;
        lock.unlock();
        QMetaObject::invokeMethod(this, "runTask", Qt::QueuedConnection);
        lock.lock();
        m_doneChanged.wait(lock, [this] { return m_done; });
    }
    Q_INVOKABLE void runTask()
    {
        const std::function<void()> *task = nullptr;
        {
            const std::lock_guard lock(m_mutex);
            task = m_task;
        }
        (*task)();
        const std::lock_guard lock(m_mutex);
        m_done = true;
        m_doneChanged.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_doneChanged;
    const std::function<void()> *m_task = nullptr; ///< guarded by m_mutex
    bool m_done = false;                           ///< guarded by m_mutex
};

/** Counts capture-free queued calls from any thread. */
class Counter : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE void increment() { m_count.fetch_add(1); }
    [[nodiscard]] int count() const { return m_count.load(); }

private:
    std::atomic<int> m_count{0};
};

/** A started QThread running an EpollEventDispatcher; run() executes code in it and waits. */
class Worker
{
public:
    Worker()
    {
        m_dispatcher = new EpollEventDispatcher;
        m_thread.setEventDispatcher(m_dispatcher);
        m_thread.start();
        m_context.moveToThread(&m_thread);
    }
    ~Worker() { stop(); }
    void stop()
    {
        m_thread.quit();
        m_thread.wait();
    }
    template <typename F> void run(F function) { m_context.runAndWait(function); }
    [[nodiscard]] QObject *context() { return &m_context; }
    [[nodiscard]] QThread *thread() { return &m_thread; }
    [[nodiscard]] EpollEventDispatcher *dispatcher() const { return m_dispatcher; }

private:
    TaskRunner m_context;
    QThread m_thread;
    EpollEventDispatcher *m_dispatcher = nullptr;
};

} // namespace

class EpollEventDispatcherTest : public QObject
{
    Q_OBJECT

private slots:
    void threadRunsTheEpollDispatcher()
    {
        Worker worker;
        QAbstractEventDispatcher *inThread = nullptr;
        worker.run([&] { inThread = QAbstractEventDispatcher::instance(); });
        QVERIFY(worker.dispatcher()->isValid());
        QCOMPARE(inThread, worker.dispatcher());
    }

    void singleShotTimersFireInDeadlineOrderAndStartOrderOnTies()
    {
        Worker worker;
        QStringList order;
        worker.run([&] {
            QObject owner;
            QTimer::singleShot(60, Qt::PreciseTimer, &owner, [&] { order << "60"; });
            QTimer::singleShot(20, Qt::PreciseTimer, &owner, [&] { order << "20a"; });
            QTimer::singleShot(40, Qt::PreciseTimer, &owner, [&] { order << "40"; });
            QTimer::singleShot(20, Qt::PreciseTimer, &owner, [&] { order << "20b"; });
            QTimer::singleShot(0, &owner, [&] { order << "0"; });
            spinUntil([&] { return order.size() == 5; });
        });
        QCOMPARE(order, (QStringList{"0", "20a", "20b", "40", "60"}));
    }

    void repeatingTimerKeepsFiringAndStopsWhenKilled()
    {
        Worker worker;
        int fired = 0;
        int afterStop = 0;
        int remainingBefore = -2;
        int remainingUnknown = 0;
        worker.run([&] {
            QTimer timer;
            timer.setTimerType(Qt::PreciseTimer);
            QObject::connect(&timer, &QTimer::timeout, [&] {
                if (++fired == 5)
                    timer.stop();
            });
            timer.start(5);
            remainingBefore = timer.remainingTime();
            spinUntil([&] { return fired >= 5; });
            // A later 50 ms timer: the stopped 5 ms timer must not fire in between.
            bool later = false;
            QTimer::singleShot(50, [&] { later = true; });
            spinUntil([&] { return later; });
            afterStop = fired - 5;
            remainingUnknown = QAbstractEventDispatcher::instance()->remainingTime(987654);
        });
        QCOMPARE(fired, 5);
        QCOMPARE(afterStop, 0);
        QVERIFY(remainingBefore >= 0 && remainingBefore <= 5);
        QCOMPARE(remainingUnknown, -1);
    }

    void timerKilledByAnEarlierHandlerInTheSameRoundDoesNotFire()
    {
        Worker worker;
        bool firstFired = false;
        bool secondFired = false;
        bool later = false;
        worker.run([&] {
            QTimer first;
            QTimer second;
            first.setSingleShot(true);
            second.setSingleShot(true);
            QObject::connect(&first, &QTimer::timeout, [&] {
                firstFired = true;
                second.stop();
            });
            QObject::connect(&second, &QTimer::timeout, [&] { secondFired = true; });
            first.start(0);
            second.start(0);
            QTimer::singleShot(30, [&] { later = true; });
            spinUntil([&] { return later; });
        });
        QVERIFY(firstFired);
        QVERIFY(!secondFired);
    }

    void zeroMsTimerDoesNotStarvePostedEventsOrSockets()
    {
        Worker worker;
        int spins = 0;
        bool posted = false;
        bool other = false;
        worker.run([&] {
            QTimer busy;
            QObject::connect(&busy, &QTimer::timeout, [&] { ++spins; });
            busy.start(0);
            QMetaObject::invokeMethod(
                QAbstractEventDispatcher::instance(), [&] { posted = true; }, Qt::QueuedConnection);
            QTimer::singleShot(20, [&] { other = true; });
            spinUntil([&] { return posted && other; });
        });
        QVERIFY(posted);
        QVERIFY(other);
        QVERIFY(spins > 0);
    }

    void socketNotifiersCarryTcpTrafficBothWays()
    {
        Worker worker;
        constexpr qint64 kBytes = 4 * 1024 * 1024;
        qint64 echoed = 0;
        bool sameBytes = false;
        worker.run([&] {
            QTcpServer server;
            QVERIFY(server.listen(QHostAddress::LocalHost));
            QTcpSocket *accepted = nullptr;
            QObject::connect(&server, &QTcpServer::newConnection, [&] {
                accepted = server.nextPendingConnection();
                QObject::connect(accepted, &QTcpSocket::readyRead,
                                 [accepted] { accepted->write(accepted->readAll()); });
            });
            QTcpSocket client;
            QByteArray sent(kBytes, Qt::Uninitialized);
            for (qint64 i = 0; i < kBytes; ++i)
                sent[i] = char(i * 7 + i / 4099);
            QByteArray received;
            QObject::connect(&client, &QTcpSocket::readyRead,
                             [&] { received += client.readAll(); });
            QObject::connect(&client, &QTcpSocket::connected, [&] { client.write(sent); });
            client.connectToHost(QHostAddress::LocalHost, server.serverPort());
            spinUntil([&] { return received.size() >= kBytes; });
            echoed = received.size();
            sameBytes = received == sent;
            client.disconnectFromHost();
            spinUntil(
                [&] { return accepted && accepted->state() == QAbstractSocket::UnconnectedState; });
            delete accepted;
        });
        QCOMPARE(echoed, kBytes);
        QVERIFY(sameBytes);
    }

    void remoteCloseIsSeenAndAReusedDescriptorGetsNoStaleEvent()
    {
        Worker worker;
        int disconnects = 0;
        QByteArray secondGot;
        worker.run([&] {
            QTcpServer server;
            QVERIFY(server.listen(QHostAddress::LocalHost));
            QList<QTcpSocket *> peers;
            QObject::connect(&server, &QTcpServer::newConnection,
                             [&] { peers << server.nextPendingConnection(); });
            // Round 1: the server closes; the client sees the disconnect.
            auto *first = new QTcpSocket;
            QObject::connect(first, &QTcpSocket::disconnected, [&] { ++disconnects; });
            first->connectToHost(QHostAddress::LocalHost, server.serverPort());
            spinUntil([&] { return peers.size() == 1; });
            peers[0]->close();
            spinUntil([&] { return disconnects == 1; });
            delete first; // frees its descriptor; the next socket likely reuses the number
            // Round 2: a fresh socket must stay connected and read exactly what is sent.
            QTcpSocket second;
            bool secondDropped = false;
            QObject::connect(&second, &QTcpSocket::disconnected, [&] { secondDropped = true; });
            QObject::connect(&second, &QTcpSocket::readyRead,
                             [&] { secondGot += second.readAll(); });
            second.connectToHost(QHostAddress::LocalHost, server.serverPort());
            spinUntil([&] { return peers.size() == 2; });
            peers[1]->write("ping");
            spinUntil([&] { return secondGot.size() >= 4; });
            bool later = false;
            QTimer::singleShot(30, [&] { later = true; });
            spinUntil([&] { return later; });
            QVERIFY(!secondDropped);
            qDeleteAll(peers);
        });
        QCOMPARE(disconnects, 1);
        QCOMPARE(secondGot, QByteArray("ping"));
    }

    void postedEventsFromOtherThreadsWakeTheWorker()
    {
        Worker worker;
        constexpr int kPosts = 2000;
        Counter counter;
        counter.moveToThread(worker.thread());
        auto post = [&] {
            for (int i = 0; i < kPosts; ++i)
                QMetaObject::invokeMethod(&counter, "increment", Qt::QueuedConnection);
        };
        std::thread other(post);
        post();
        other.join();
        QDeadlineTimer deadline(kWaitMs);
        while (counter.count() < 2 * kPosts && !deadline.hasExpired())
            QThread::msleep(2);
        const int received = counter.count();
        QCOMPARE(received, 2 * kPosts);
    }

    void wakeUpEndsABlockingWaitAndCountsAsAnEvent()
    {
        Worker worker;
        bool woke = false;
        bool idleReturnedFalse = true;
        std::atomic<bool> blocking{false};
        std::thread waker([&] {
            while (!blocking.load())
                QThread::msleep(1);
            QThread::msleep(20);
            worker.dispatcher()->wakeUp();
        });
        worker.run([&] {
            auto *dispatcher = QAbstractEventDispatcher::instance();
            // The first call consumes the wake-up of the queued call that runs this code; then no
            // timers, no posted events, no sockets: a non-waiting call delivers nothing.
            dispatcher->processEvents(QEventLoop::AllEvents);
            idleReturnedFalse = !dispatcher->processEvents(QEventLoop::AllEvents);
            blocking.store(true);
            // Blocks until the other thread's wakeUp(); a missed wake-up would hang the test.
            woke = dispatcher->processEvents(QEventLoop::WaitForMoreEvents);
        });
        waker.join();
        QVERIFY(idleReturnedFalse);
        QVERIFY(woke);
    }

    void interruptFromAnotherThreadEndsTheWait()
    {
        Worker worker;
        bool safetyFired = false;
        std::atomic<bool> blocking{false};
        std::thread interrupter([&] {
            while (!blocking.load())
                QThread::msleep(1);
            QThread::msleep(20);
            worker.dispatcher()->interrupt();
        });
        worker.run([&] {
            QTimer safety;
            safety.setSingleShot(true);
            QObject::connect(&safety, &QTimer::timeout, [&] { safetyFired = true; });
            safety.start(kWaitMs);
            blocking.store(true);
            QAbstractEventDispatcher::instance()->processEvents(QEventLoop::WaitForMoreEvents);
        });
        interrupter.join();
        QVERIFY(!safetyFired);
    }

    void webSocketEchoAgainstALocalServer()
    {
        Worker worker;
        constexpr int kMessages = 200;
        QStringList replies;
        worker.run([&] {
            QWebSocketServer server(QStringLiteral("echo"), QWebSocketServer::NonSecureMode);
            QVERIFY(server.listen(QHostAddress::LocalHost));
            QList<QWebSocket *> peers;
            QObject::connect(&server, &QWebSocketServer::newConnection, [&] {
                QWebSocket *peer = server.nextPendingConnection();
                peers << peer;
                QObject::connect(peer, &QWebSocket::textMessageReceived,
                                 [peer](const QString &m) { peer->sendTextMessage(m); });
            });
            QWebSocket client;
            int next = 0;
            QObject::connect(&client, &QWebSocket::textMessageReceived, [&](const QString &m) {
                replies << m;
                if (++next < kMessages)
                    client.sendTextMessage(QString::number(next));
            });
            QObject::connect(&client, &QWebSocket::connected,
                             [&] { client.sendTextMessage(QStringLiteral("0")); });
            client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(server.serverPort())));
            spinUntil([&] { return replies.size() == kMessages; });
            client.close();
            spinUntil([&] { return client.state() == QAbstractSocket::UnconnectedState; });
            qDeleteAll(peers); // before the server (see STYLE.md: Qt 6.4 facts)
        });
        QCOMPARE(replies.size(), kMessages);
        QCOMPARE(replies.last(), QString::number(kMessages - 1));
    }

    void threadTearsDownWithLiveTimersAndSockets()
    {
        QPointer<QAbstractEventDispatcher> dispatcher;
        QPointer<QTcpServer> server;
        QPointer<QTcpSocket> client;
        QPointer<QTimer> timer;
        Worker worker;
        dispatcher = worker.dispatcher();
        int ticks = 0;
        worker.run([&] {
            // Still registered when the thread quits; deleted by the thread on its way out.
            server = new QTcpServer;
            client = new QTcpSocket;
            timer = new QTimer;
            for (QObject *object : std::initializer_list<QObject *>{server, client, timer})
                QObject::connect(worker.thread(), &QThread::finished, object,
                                 &QObject::deleteLater);
            QVERIFY(server->listen(QHostAddress::LocalHost));
            client->connectToHost(QHostAddress::LocalHost, server->serverPort());
            QObject::connect(timer, &QTimer::timeout, [&] { ++ticks; });
            timer->start(1);
            spinUntil(
                [&] { return ticks > 3 && client->state() == QAbstractSocket::ConnectedState; });
        });
        QVERIFY(ticks > 3);
        worker.stop();
        QVERIFY(server.isNull());
        QVERIFY(client.isNull());
        QVERIFY(timer.isNull());
        QVERIFY(dispatcher.isNull()); // the thread deleted its dispatcher on exit
    }
};

QTEST_GUILESS_MAIN(EpollEventDispatcherTest)
#include "epolleventdispatchertest.moc"
