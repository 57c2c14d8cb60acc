#include "engine/replytable.h"

#include "engine/conditioncheck.h"
#include "engine/matchkey.h"
#include "engine/parsedmessage.h"

namespace cicada {

namespace {
constexpr QChar kSetSeparator(u'\x1d');
} // namespace

QString ReplyTable::setId(const QStringList &pointers)
{
    // Every awaited send and every reply asks for the id of the same few pointer lists: remember
    // the last one (a shared copy, so the comparison is usually one pointer check).
    thread_local QStringList lastPointers;
    thread_local QString lastId;
    if (pointers != lastPointers || lastId.isNull()) {
        lastPointers = pointers;
        lastId = pointers.join(QChar(u'\x1e'));
    }
    return lastId;
}

bool ReplyTable::keyOf(const CompiledWsSend &step, ParsedMessage &m, QString *key)
{
    // One allocation for the whole key (the id is shared; appending to it would copy it first).
    constexpr qsizetype kValueReserve = 32;
    const QString id = setId(step.matchPointers);
    key->clear();
    key->reserve(id.size() + 1 + kValueReserve);
    key->append(id);
    key->append(kSetSeparator);
    return MatchKey::appendTo(m, step.matchPointers, key);
}

void ReplyTable::useSet(const QStringList &pointers, int delta)
{
    // A set whose uses drop to 0 stays (take() skips it): with one send in flight per user, it
    // would otherwise be rebuilt and dropped on every message.
    for (PointerSet &set : m_sets) {
        if (set.pointers == pointers) {
            set.uses = std::max(0, set.uses + delta);
            return;
        }
    }
    m_sets.append(PointerSet{setId(pointers), pointers, std::max(0, delta)});
}

bool ReplyTable::add(PendingReply reply)
{
    if (reply.step->await == WsSendStep::Await::NextMessage) {
        ++pendingSlot(reply.step);
        m_next.push_back(std::move(reply));
        return true;
    }
    if (m_byKey.contains(reply.key))
        return false;
    // A key that comes back while its late twin is remembered belongs to the new send.
    if (m_late.remove(reply.key) > 0)
        useSet(reply.step->matchPointers, -1);
    useSet(reply.step->matchPointers, +1);
    ++pendingSlot(reply.step);
    m_byKey.insert(reply.key, std::move(reply));
    return true;
}

int &ReplyTable::pendingSlot(const CompiledWsSend *step)
{
    for (auto &entry : m_perStep)
        if (entry.first == step)
            return entry.second;
    m_perStep.append({step, 0});
    return m_perStep.last().second;
}

void ReplyTable::removed(const PendingReply &reply)
{
    int &pending = pendingSlot(reply.step);
    if (pending > 0)
        --pending;
    if (reply.step->await == WsSendStep::Await::Match)
        useSet(reply.step->matchPointers, -1);
}

void ReplyTable::remember(const PendingReply &reply)
{
    if (reply.step->await != WsSendStep::Await::Match)
        return;
    useSet(reply.step->matchPointers, +1);
    m_late.insert(reply.key, reply);
    m_lateOrder.push_back(reply.key);
    while (m_lateOrder.size() > size_t(kMaxLateEntries)) {
        const QString oldest = m_lateOrder.front();
        m_lateOrder.pop_front();
        const auto it = m_late.constFind(oldest);
        if (it == m_late.cend())
            continue; // already replaced by a new send with the same key
        useSet(it->step->matchPointers, -1);
        m_late.erase(it);
    }
}

bool ReplyTable::completes(PendingReply &reply, ParsedMessage &m)
{
    if (!reply.step->until.isEmpty())
        return ConditionCheck::allHold(reply.step->until, m);
    return reply.replies >= reply.step->replies;
}

ReplyTable::Result ReplyTable::take(ParsedMessage &m, qint64 nowNs)
{
    Result result;
    if (!m_sets.isEmpty() && !m.isBinary()) {
        // The key is built in a buffer kept between messages: no allocation per reply.
        QString &key = m_keyScratch;
        for (const PointerSet &set : std::as_const(m_sets)) {
            if (set.uses <= 0)
                continue;
            key.resize(0);
            key.append(set.id);
            key.append(kSetSeparator);
            if (!MatchKey::appendTo(m, set.pointers, &key))
                continue;
            auto it = m_byKey.find(key);
            if (it != m_byKey.end()) {
                PendingReply &reply = *it;
                ++reply.replies;
                reply.bytes += m.bytes().size();
                if (reply.firstReplyNs < 0)
                    reply.firstReplyNs = nowNs;
                if (!completes(reply, m)) {
                    result.match = Match::Partial;
                    result.reply = reply;
                    return result;
                }
                result.match = Match::Complete;
                result.reply = std::move(reply);
                m_byKey.erase(it);
                removed(result.reply);
                return result;
            }
            const auto late = m_late.constFind(key);
            if (late != m_late.cend()) {
                result.match = Match::Late;
                result.reply = *late;
                return result;
            }
        }
    }
    if (!m_next.empty()) {
        PendingReply &reply = m_next.front();
        ++reply.replies;
        reply.bytes += m.bytes().size();
        if (reply.firstReplyNs < 0)
            reply.firstReplyNs = nowNs;
        if (!completes(reply, m)) {
            result.match = Match::Partial;
            result.reply = reply;
            return result;
        }
        result.match = Match::Complete;
        result.reply = std::move(reply);
        m_next.pop_front();
        removed(result.reply);
    }
    return result;
}

QList<PendingReply> ReplyTable::expire(qint64 nowNs)
{
    QList<PendingReply> expired;
    for (auto it = m_byKey.begin(); it != m_byKey.end();) {
        if (it->deadlineNs <= nowNs) {
            expired.append(std::move(*it));
            it = m_byKey.erase(it);
        } else {
            ++it;
        }
    }
    // Await-next sends have their deadlines in send order only per step; check them all.
    for (auto it = m_next.begin(); it != m_next.end();) {
        if (it->deadlineNs <= nowNs) {
            expired.append(std::move(*it));
            it = m_next.erase(it);
        } else {
            ++it;
        }
    }
    std::sort(expired.begin(), expired.end(), [](const PendingReply &a, const PendingReply &b) {
        return a.deadlineNs < b.deadlineNs;
    });
    for (const PendingReply &reply : std::as_const(expired)) {
        removed(reply);
        remember(reply);
    }
    return expired;
}

QList<PendingReply> ReplyTable::takeAll()
{
    QList<PendingReply> all;
    all.reserve(size());
    for (PendingReply &reply : m_byKey)
        all.append(std::move(reply));
    for (PendingReply &reply : m_next)
        all.append(std::move(reply));
    m_byKey.clear();
    m_next.clear();
    m_perStep.clear();
    m_sets.clear();
    m_late.clear();
    m_lateOrder.clear();
    std::sort(all.begin(), all.end(),
              [](const PendingReply &a, const PendingReply &b) { return a.sentNs < b.sentNs; });
    return all;
}

void ReplyTable::clearLate()
{
    for (const PendingReply &reply : std::as_const(m_late))
        useSet(reply.step->matchPointers, -1);
    m_late.clear();
    m_lateOrder.clear();
}

qint64 ReplyTable::nextDeadlineNs() const
{
    qint64 next = -1;
    for (const PendingReply &reply : m_byKey)
        if (next < 0 || reply.deadlineNs < next)
            next = reply.deadlineNs;
    for (const PendingReply &reply : m_next)
        if (next < 0 || reply.deadlineNs < next)
            next = reply.deadlineNs;
    return next;
}

} // namespace cicada
