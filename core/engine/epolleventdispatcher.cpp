#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>
#include <QtDebug>

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>

namespace cicada {

namespace {

constexpr quint64 kWakeTag = ~quint64(0); ///< epoll data of the eventfd; never a (generation, fd)
constexpr size_t kInitialReadyEvents = 64;
constexpr size_t kMaxReadyEvents = 4096;
constexpr qint64 kNsPerMs = 1000000;

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

quint64 fdData(int fd, quint32 generation)
{
    return (quint64(generation) << 32) | quint32(fd);
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent), m_ready(kInitialReadyEvents)
{
    m_epollFd = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_epollFd < 0 || m_wakeFd < 0) {
        qWarning("EpollEventDispatcher: cannot create epoll/eventfd: %s", strerror(errno));
        return;
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = kWakeTag;
    if (epoll_ctl(m_epollFd, EPOLL_CTL_ADD, m_wakeFd, &event) != 0)
        qWarning("EpollEventDispatcher: cannot watch the eventfd: %s", strerror(errno));
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    // The thread that quit the loop called wakeUp() last; see wakeUp().
    m_postSequence.loadAcquire();
    if (m_wakeFd >= 0)
        close(m_wakeFd);
    if (m_epollFd >= 0)
        close(m_epollFd);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupt.storeRelaxed(0);
    emit awake();
    // Pairs with the release in wakeUp(): every event posted (and woken for) before this load is
    // visible to ThreadSanitizer as happening before its delivery. Qt's own queue synchronises
    // inside uninstrumented libQt6Core, which TSan cannot see.
    m_postSequence.loadAcquire();
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool canWait = (flags & QEventLoop::WaitForMoreEvents) && !m_interrupt.loadRelaxed();
    if (canWait)
        emit aboutToBlock();
    if (m_interrupt.loadRelaxed() || !isValid())
        return false;

    int timeoutMs = 0;
    if (canWait)
        timeoutMs = includeTimers ? epollTimeoutMs() : -1;
    int readyCount = epoll_wait(m_epollFd, m_ready.data(), int(m_ready.size()), timeoutMs);
    if (readyCount < 0) {
        if (errno != EINTR)
            qWarning("EpollEventDispatcher: epoll_wait failed: %s", strerror(errno));
        readyCount = 0;
    }

    ++m_round;
    int delivered = 0;
    if (includeNotifiers) {
        delivered += activateSocketNotifiers(readyCount);
    } else {
        // Only the wake-up is consumed; sockets stay ready (level-triggered) for a later call.
        for (int i = 0; i < readyCount; ++i) {
            if (m_ready[size_t(i)].data.u64 == kWakeTag) {
                quint64 value = 0;
                [[maybe_unused]] auto got = read(m_wakeFd, &value, sizeof value);
                m_wakeUps.storeRelease(0);
                ++delivered;
            }
        }
    }
    if (includeTimers)
        delivered += activateTimers();

    // A full buffer means more descriptors were ready than it holds: grow it for the next call.
    if (size_t(readyCount) == m_ready.size() && m_ready.size() < kMaxReadyEvents)
        m_ready.resize(m_ready.size() * 2);
    return delivered > 0;
}

int EpollEventDispatcher::activateSocketNotifiers(int readyCount)
{
    int delivered = 0;
    for (int i = 0; i < readyCount; ++i) {
        const epoll_event ready = m_ready[size_t(i)];
        if (ready.data.u64 == kWakeTag) {
            quint64 value = 0;
            [[maybe_unused]] auto got = read(m_wakeFd, &value, sizeof value);
            m_wakeUps.storeRelease(0);
            ++delivered;
            continue;
        }
        const int fd = int(quint32(ready.data.u64));
        const quint32 generation = quint32(ready.data.u64 >> 32);
        // Each activation may register, unregister or delete notifiers (and grow m_fds), so the
        // entry is looked up again before each one; a changed generation means the descriptor
        // was dropped and perhaps reused since epoll reported it.
        auto notifierFor = [&](QSocketNotifier *FdEntry::*slot) -> QSocketNotifier * {
            if (fd < 0 || size_t(fd) >= m_fds.size())
                return nullptr;
            const FdEntry &entry = m_fds[size_t(fd)];
            return entry.events != 0 && entry.generation == generation ? entry.*slot : nullptr;
        };
        auto activate = [&](QSocketNotifier *FdEntry::*slot) {
            if (QSocketNotifier *notifier = notifierFor(slot)) {
                QEvent event(QEvent::SockAct);
                QCoreApplication::sendEvent(notifier, &event);
                ++delivered;
            }
        };
        if (ready.events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP))
            activate(&FdEntry::read);
        if (ready.events & (EPOLLOUT | EPOLLERR))
            activate(&FdEntry::write);
        if (ready.events & (EPOLLPRI | EPOLLERR))
            activate(&FdEntry::exception);
    }
    return delivered;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    Q_ASSERT(notifier);
    const int fd = int(notifier->socket());
    if (fd < 0)
        return;
    if (size_t(fd) >= m_fds.size())
        m_fds.resize(std::max(size_t(fd) + 1, m_fds.size() * 2));
    FdEntry &entry = m_fds[size_t(fd)];
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        entry.read = notifier;
        break;
    case QSocketNotifier::Write:
        entry.write = notifier;
        break;
    case QSocketNotifier::Exception:
        entry.exception = notifier;
        break;
    }
    updateEpoll(fd, entry);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    Q_ASSERT(notifier);
    const int fd = int(notifier->socket());
    if (fd < 0 || size_t(fd) >= m_fds.size())
        return;
    FdEntry &entry = m_fds[size_t(fd)];
    for (QSocketNotifier **slot : {&entry.read, &entry.write, &entry.exception}) {
        if (*slot == notifier)
            *slot = nullptr;
    }
    updateEpoll(fd, entry);
}

void EpollEventDispatcher::updateEpoll(int fd, FdEntry &entry)
{
    const quint32 events = (entry.read ? quint32(EPOLLIN) : 0u) |
                           (entry.write ? quint32(EPOLLOUT) : 0u) |
                           (entry.exception ? quint32(EPOLLPRI) : 0u);
    if (events == entry.events)
        return;
    if (events == 0) {
        // The descriptor may already be closed (then the kernel dropped it): nothing to report.
        epoll_event ignored{};
        epoll_ctl(m_epollFd, EPOLL_CTL_DEL, fd, &ignored);
        entry.events = 0;
        return;
    }
    epoll_event event{};
    event.events = events;
    int op = EPOLL_CTL_MOD;
    if (entry.events == 0) {
        op = EPOLL_CTL_ADD;
        entry.generation = m_nextGeneration++;
    }
    event.data.u64 = fdData(fd, entry.generation);
    int rc = epoll_ctl(m_epollFd, op, fd, &event);
    if (rc != 0 && errno == EEXIST)
        rc = epoll_ctl(m_epollFd, EPOLL_CTL_MOD, fd, &event);
    else if (rc != 0 && errno == ENOENT)
        rc = epoll_ctl(m_epollFd, EPOLL_CTL_ADD, fd, &event);
    if (rc != 0) {
        qWarning("EpollEventDispatcher: cannot watch descriptor %d: %s", fd, strerror(errno));
        entry.events = 0;
        return;
    }
    entry.events = events;
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 intervalMs, Qt::TimerType timerType,
                                         QObject *object)
{
    Q_ASSERT(timerId > 0 && intervalMs >= 0 && object);
    if (m_timers.count(timerId))
        unregisterTimer(timerId);
    auto timer = std::make_unique<Timer>();
    timer->id = timerId;
    timer->intervalMs = intervalMs;
    timer->type = timerType;
    timer->object = object;
    timer->deadlineNs = nowNs() + intervalMs * kNsPerMs;
    timer->order = m_nextOrder++;
    heapPush(timer.get());
    m_timersByObject[object].push_back(timerId);
    m_timers.emplace(timerId, std::move(timer));
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    Timer *timer = it->second.get();
    heapRemove(timer);
    const auto owner = m_timersByObject.find(timer->object);
    if (owner != m_timersByObject.end()) {
        std::erase(owner->second, timerId);
        if (owner->second.empty())
            m_timersByObject.erase(owner);
    }
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    const auto owner = m_timersByObject.find(object);
    if (owner == m_timersByObject.end())
        return false;
    for (int id : owner->second) {
        const auto it = m_timers.find(id);
        if (it == m_timers.end())
            continue;
        heapRemove(it->second.get());
        m_timers.erase(it);
    }
    m_timersByObject.erase(owner);
    return true;
}

QList<QAbstractEventDispatcher::TimerInfo>
EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> result;
    const auto owner = m_timersByObject.find(object);
    if (owner == m_timersByObject.end())
        return result;
    for (int id : owner->second) {
        const Timer &timer = *m_timers.at(id);
        result.append(TimerInfo(timer.id, int(timer.intervalMs), timer.type));
    }
    return result;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return -1;
    const qint64 leftNs = it->second->deadlineNs - nowNs();
    if (leftNs <= 0)
        return 0;
    return int(std::min<qint64>((leftNs + kNsPerMs - 1) / kNsPerMs, INT_MAX));
}

int EpollEventDispatcher::epollTimeoutMs() const
{
    if (m_heap.empty())
        return -1;
    const qint64 leftNs = m_heap.front()->deadlineNs - nowNs();
    if (leftNs <= 0)
        return 0;
    // Rounded up: waking a little late is allowed, waking early would spin until the deadline.
    return int(std::min<qint64>((leftNs + kNsPerMs - 1) / kNsPerMs, INT_MAX));
}

int EpollEventDispatcher::activateTimers()
{
    if (m_heap.empty())
        return 0;
    const qint64 now = nowNs();
    // Reschedule every due timer first, then deliver: a timer fires at most once per round (a
    // 0 ms timer cannot starve the sockets), and handlers that kill or start timers only touch
    // the heap, never the list being delivered.
    m_due.clear();
    while (!m_heap.empty()) {
        Timer *top = m_heap.front();
        if (top->deadlineNs > now || top->firedRound == m_round)
            break;
        top->firedRound = m_round;
        qint64 next = top->deadlineNs + top->intervalMs * kNsPerMs;
        if (next < now)
            next = now + top->intervalMs * kNsPerMs;
        schedule(top, next);
        m_due.push_back(top->id);
    }
    int delivered = 0;
    // A handler may run a nested processEvents() that reuses m_due: deliver from a swapped-out
    // buffer and hand its capacity back afterwards.
    std::vector<int> due;
    due.swap(m_due);
    for (int id : due) {
        const auto it = m_timers.find(id);
        if (it == m_timers.end() || it->second->firedRound != m_round)
            continue; // killed (or killed and re-registered) by an earlier handler
        QTimerEvent event(id);
        QCoreApplication::sendEvent(it->second->object, &event);
        ++delivered;
    }
    due.clear();
    if (m_due.capacity() < due.capacity())
        m_due.swap(due);
    return delivered;
}

bool EpollEventDispatcher::earlier(const Timer *a, const Timer *b) const
{
    return a->deadlineNs != b->deadlineNs ? a->deadlineNs < b->deadlineNs : a->order < b->order;
}

void EpollEventDispatcher::heapPush(Timer *timer)
{
    timer->heapIndex = m_heap.size();
    m_heap.push_back(timer);
    siftUp(timer->heapIndex);
}

void EpollEventDispatcher::heapRemove(Timer *timer)
{
    const size_t index = timer->heapIndex;
    Q_ASSERT(index < m_heap.size() && m_heap[index] == timer);
    Timer *last = m_heap.back();
    m_heap.pop_back();
    if (last == timer)
        return;
    m_heap[index] = last;
    last->heapIndex = index;
    siftUp(index);
    siftDown(last->heapIndex);
}

void EpollEventDispatcher::schedule(Timer *timer, qint64 deadlineNs)
{
    timer->deadlineNs = deadlineNs;
    timer->order = m_nextOrder++;
    siftDown(timer->heapIndex); // the deadline only moves later
    siftUp(timer->heapIndex);
}

void EpollEventDispatcher::siftUp(size_t index)
{
    while (index > 0) {
        const size_t parent = (index - 1) / 2;
        if (!earlier(m_heap[index], m_heap[parent]))
            break;
        std::swap(m_heap[index], m_heap[parent]);
        m_heap[index]->heapIndex = index;
        m_heap[parent]->heapIndex = parent;
        index = parent;
    }
}

void EpollEventDispatcher::siftDown(size_t index)
{
    const size_t size = m_heap.size();
    for (;;) {
        size_t smallest = index;
        const size_t left = 2 * index + 1;
        const size_t right = left + 1;
        if (left < size && earlier(m_heap[left], m_heap[smallest]))
            smallest = left;
        if (right < size && earlier(m_heap[right], m_heap[smallest]))
            smallest = right;
        if (smallest == index)
            return;
        std::swap(m_heap[index], m_heap[smallest]);
        m_heap[index]->heapIndex = index;
        m_heap[smallest]->heapIndex = smallest;
        index = smallest;
    }
}

void EpollEventDispatcher::wakeUp()
{
    // One write until the dispatcher consumes it: posting many events costs one syscall.
    if (m_wakeUps.testAndSetAcquire(0, 1)) {
        const quint64 one = 1;
        [[maybe_unused]] auto written = write(m_wakeFd, &one, sizeof one);
    }
    // Last, so the acquire in processEvents() and in the destructor covers all of the above.
    m_postSequence.fetchAndAddRelease(1);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupt.storeRelaxed(1);
    wakeUp();
}

} // namespace cicada
