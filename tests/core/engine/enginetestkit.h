#pragma once

#include "engine/compiledprofile.h"
#include "engine/stepsequence.h"
#include "engine/usercontext.h"
#include "stats/requestoutcome.h"

#include <QObject>
#include <QRandomGenerator>
#include <QTest>

#include <list>
#include <memory>

namespace cicada::test {

/**
 * @brief One user's context and a step sequence without a Runner: executors and the WebSocket
 * session tested against local servers. Outcomes are collected in order.
 */
class EngineKit
{
public:
    EngineKit()
    {
        profile.profile.target.requestTimeoutMs = 5000;
        profile.profile.target.connectTimeoutMs = 5000;
        // ctest runs the WebSocket session tests once per transport (wssessiontest-qt; the default
        // is lean).
        if (qEnvironmentVariableIsSet("CICADA_TEST_WS_TRANSPORT"))
            profile.profile.target.wsTransport = qEnvironmentVariable("CICADA_TEST_WS_TRANSPORT");
        context =
            std::make_unique<UserContext>(0, profile, HttpTransport::Kind::Raw, &owner, &random,
                                          [this](const RequestOutcome &o) { outcomes.append(o); });
        sequence = std::make_unique<StepSequence>(*context);
    }
    ~EngineKit()
    {
        sequence->cancel();
        context.reset();
    }

    /** Runs @p steps (kept alive until the kit goes: the session refers to its wsConnect). */
    bool run(CompiledSteps &&steps, int times = 1, int timeoutMs = 15000)
    {
        kept.push_back(std::move(steps));
        return run(kept.back(), times, timeoutMs);
    }
    /** Runs @p steps @p times times; false when they did not finish within @p timeoutMs. */
    bool run(const CompiledSteps &steps, int times = 1, int timeoutMs = 15000)
    {
        for (int i = 0; i < times; ++i) {
            bool done = false;
            sequence->run(&steps, [&done] { done = true; });
            QDeadlineTimer deadline(timeoutMs);
            while (!done && !deadline.hasExpired())
                QTest::qWait(5);
            if (!done)
                return false;
        }
        return true;
    }

    [[nodiscard]] QList<RequestOutcome> rows(const QString &type, const QString &name = {}) const
    {
        QList<RequestOutcome> out;
        for (const RequestOutcome &o : outcomes)
            if (o.type == type && (name.isEmpty() || o.name == name))
                out.append(o);
        return out;
    }
    [[nodiscard]] int count(const QString &type, const QString &name = {}) const
    {
        return int(rows(type, name).size());
    }
    [[nodiscard]] int failures(const QString &type, const QString &name = {}) const
    {
        int n = 0;
        for (const RequestOutcome &o : rows(type, name))
            n += o.failed();
        return n;
    }
    [[nodiscard]] QString text() const
    {
        QStringList lines;
        for (const RequestOutcome &o : outcomes)
            lines << QStringLiteral("%1 %2 %3us %4B %5")
                         .arg(o.type, o.name)
                         .arg(o.responseTimeUs)
                         .arg(o.contentLength)
                         .arg(o.error);
        return lines.join(QLatin1Char('\n'));
    }

    std::list<CompiledSteps> kept;
    CompiledProfile profile;
    QList<RequestOutcome> outcomes;
    QRandomGenerator random{42};
    QObject owner;
    std::unique_ptr<UserContext> context;
    std::unique_ptr<StepSequence> sequence;
};

inline Template tmpl(const QString &text)
{
    return Template::parse(text, nullptr);
}

inline CompiledWsConnect wsConnect(const QUrl &url, CompiledSteps onConnect = {})
{
    CompiledWsConnect c;
    c.name = QStringLiteral("connect");
    c.url = tmpl(url.toString());
    c.timeoutMs = 5000;
    c.onConnect = std::move(onConnect);
    return c;
}

inline CompiledWsSend wsSend(const QString &name, const QString &body,
                             WsSendStep::Await await = WsSendStep::Await::Match)
{
    CompiledWsSend s;
    s.name = name;
    s.type =
        await == WsSendStep::Await::None ? QStringLiteral("WS emit") : QStringLiteral("WS send");
    s.body = tmpl(body);
    s.await = await;
    s.matchPointers = {QStringLiteral("/id")};
    s.timeoutMs = 5000;
    return s;
}

inline CompiledThink think(qint64 ms)
{
    return CompiledThink{ms, ms};
}

} // namespace cicada::test
