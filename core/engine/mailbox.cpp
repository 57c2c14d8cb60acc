#include "engine/mailbox.h"

namespace cicada {

void Mailbox::post(std::function<void()> task)
{
    std::lock_guard lock(m_mutex);
    m_tasks.push_back(std::move(task));
    if (m_wakeScheduled)
        return;
    m_wakeScheduled = true;
    // By name, not with a lambda: nothing of ours is allocated for the wake-up, so the only data
    // crossing threads is m_tasks. Posted under m_mutex so that everything post() touched
    // happens-before drain() (and the mailbox's eventual deletion) in the owning thread.
    QMetaObject::invokeMethod(this, "drain", Qt::QueuedConnection);
}

void Mailbox::drain()
{
    std::vector<std::function<void()>> tasks;
    {
        std::lock_guard lock(m_mutex);
        tasks.swap(m_tasks);
        m_wakeScheduled = false;
    }
    for (std::function<void()> &task : tasks)
        task();
}

} // namespace cicada
