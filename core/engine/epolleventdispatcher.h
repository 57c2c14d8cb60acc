#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInt>

#include <sys/epoll.h>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

class QSocketNotifier;

namespace cicada {

/**
 * @brief A Linux epoll event dispatcher for worker threads: a wake-up costs O(ready sockets),
 *        not O(registered sockets).
 *
 * Qt's default dispatchers (glib, and QEventDispatcherUNIX with QT_NO_GLIB=1) rebuild and scan a
 * poll() array of every socket notifier on every wake-up, so at thousands of idle connections per
 * thread each request pays for all of them. This one keeps the interest set in the kernel.
 *
 * Install it on a QThread before the thread starts (the thread takes ownership):
 * @code
 * QThread worker;
 * worker.setEventDispatcher(new EpollEventDispatcher);
 * worker.start();
 * @endcode
 *
 * Contract (the one QEventDispatcherUNIX keeps in Qt 6.4):
 * - processEvents() first sends the thread's posted events, then waits (only with
 *   WaitForMoreEvents, and only when not interrupted) in epoll_wait until a socket is ready, the
 *   nearest timer is due or wakeUp() is called; then it activates ready socket notifiers
 *   (QEvent::SockAct) and due timers (QTimerEvent). Returns true when it delivered anything.
 * - Socket notifiers: level-triggered, one epoll registration per descriptor whose event mask is
 *   the union of its Read/Write/Exception notifiers. A readiness report that was collected before
 *   its descriptor was unregistered (and perhaps reused by a new socket) in the same wake-up is
 *   dropped (a per-descriptor generation in the epoll data), so a new socket never sees a stale
 *   "readable".
 * - Timers: an indexed binary heap ordered by (deadline, scheduling order), so timers due at the
 *   same instant fire in the order they were started; registering, killing and restarting a timer
 *   cost O(log timers) and never leave garbage behind. A timer fires at most once per
 *   processEvents() call (a 0 ms timer cannot starve sockets). Deadlines are kept in nanoseconds
 *   of the steady clock; every Qt::TimerType is treated as Precise (never early, at most 1 ms
 *   late from the epoll timeout's millisecond resolution). A repeating timer's next deadline is
 *   the previous deadline plus its interval, or now plus the interval when it fell behind.
 * - wakeUp() is thread-safe and async-signal-unsafe; it writes an eventfd at most once until the
 *   dispatcher has consumed it. interrupt() makes the current or next processEvents() return
 *   without blocking. A release/acquire pair on an atomic counter (wakeUp() / the start of
 *   processEvents()) orders every posted event before its delivery in a way ThreadSanitizer can
 *   see, so cross-thread queued calls with captures need no extra mutex under this dispatcher.
 *
 * Memory: one 32-byte entry per descriptor number up to the highest one used; per timer one heap
 * node (about 56 bytes). Not for the GUI thread (no user-input or GUI integration).
 */
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 intervalMs, Qt::TimerType timerType,
                       QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    [[nodiscard]] QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

    /** The epoll and eventfd descriptors, in the table of the thread that constructed this
     *  dispatcher (a worker that later unshares its table closes only its own copies). */
    [[nodiscard]] std::pair<int, int> descriptors() const { return {m_epollFd, m_wakeFd}; }

    /** False when epoll or eventfd could not be created (then nothing is ever delivered). */
    [[nodiscard]] bool isValid() const { return m_epollFd >= 0 && m_wakeFd >= 0; }

private:
    struct Timer
    {
        int id = 0;
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 deadlineNs = 0;
        quint64 order = 0;      ///< tie-break: scheduling order
        size_t heapIndex = 0;   ///< position in m_heap
        quint64 firedRound = 0; ///< processEvents round it last fired in
    };
    struct FdEntry
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        quint32 generation = 0;
        quint32 events = 0; ///< the mask registered with epoll (0: not registered)
    };

    void updateEpoll(int fd, FdEntry &entry);
    int activateSocketNotifiers(int readyCount);
    int activateTimers();
    [[nodiscard]] int epollTimeoutMs() const;

    // Indexed heap on m_heap.
    [[nodiscard]] bool earlier(const Timer *a, const Timer *b) const;
    void heapPush(Timer *timer);
    void heapRemove(Timer *timer);
    void siftUp(size_t index);
    void siftDown(size_t index);
    void schedule(Timer *timer, qint64 deadlineNs);

    int m_epollFd = -1;
    int m_wakeFd = -1;
    QAtomicInt m_wakeUps;      ///< 1 while a write to m_wakeFd is not yet consumed
    QAtomicInt m_interrupt;    ///< set by interrupt(), cleared at the start of processEvents()
    QAtomicInt m_postSequence; ///< bumped by every wakeUp(): a happens-before edge TSan can see

    std::vector<FdEntry> m_fds; ///< indexed by descriptor (descriptors are small and dense)
    quint32 m_nextGeneration = 1;
    std::vector<epoll_event> m_ready; ///< epoll_wait output buffer

    std::unordered_map<int, std::unique_ptr<Timer>> m_timers;
    std::unordered_map<QObject *, std::vector<int>> m_timersByObject;
    std::vector<Timer *> m_heap;
    std::vector<int> m_due; ///< ids of timers due in this round (reused)
    quint64 m_nextOrder = 0;
    quint64 m_round = 0;
};

} // namespace cicada
