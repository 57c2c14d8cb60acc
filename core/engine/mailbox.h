#pragma once

#include <QObject>

#include <functional>
#include <mutex>
#include <vector>

namespace cicada {

/**
 * @brief Runs tasks posted from any thread in the thread this object lives in.
 *
 * The engine's threads share no mutable state; they hand work to each other only through
 * mailboxes. Tasks wait in a std::mutex-guarded queue and the owning thread is woken with a
 * capture-free queued call, so every hand-off is visible to ThreadSanitizer (Qt's own event queue
 * synchronises with futexes inside the uninstrumented libQt6Core, which TSan cannot see).
 */
class Mailbox final : public QObject
{
    Q_OBJECT
public:
    explicit Mailbox(QObject *parent = nullptr) : QObject(parent) {}

    /** Queues @p task; it runs later in this object's thread, in posting order. Thread-safe. */
    void post(std::function<void()> task);

private:
    Q_INVOKABLE void drain();

    std::mutex m_mutex;
    std::vector<std::function<void()>> m_tasks; ///< guarded by m_mutex
    bool m_wakeScheduled = false;               ///< guarded by m_mutex
};

} // namespace cicada
