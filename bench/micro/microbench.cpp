// Micro-benchmarks of the per-request and per-message hot paths (issue 12): histogram record,
// stats recording and merging, template rendering and reply matching. Run by bench/micro.sh.
#include "engine/parsedmessage.h"
#include "engine/replytable.h"
#include "profile/template.h"
#include "stats/histogram.h"
#include "stats/requestoutcome.h"
#include "stats/stats.h"
#include "stats/statsshard.h"

#include <QHash>
#include <QRandomGenerator>

#include <benchmark/benchmark.h>

using namespace cicada;

namespace {

constexpr qint64 kNsPerMs = 1000000;

RequestOutcome outcome(int nameIndex, qint64 responseUs)
{
    RequestOutcome o;
    o.type = QStringLiteral("GET");
    o.name = QStringLiteral("/api/items/%1").arg(nameIndex);
    o.responseTimeUs = responseUs;
    o.contentLength = 512;
    o.timestampMs = 1'700'000'000'000;
    return o;
}

void histogramRecord(benchmark::State &state)
{
    Histogram h;
    QRandomGenerator random(42);
    // Latencies spread over 100 µs .. 1 s, precomputed so the generator is not measured.
    std::vector<qint64> values(4096);
    for (qint64 &v : values)
        v = 100 + qint64(random.bounded(1'000'000));
    size_t i = 0;
    for (auto _ : state) {
        h.record(values[i++ & 4095]);
    }
    benchmark::DoNotOptimize(h.count());
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(histogramRecord);

/** What a worker thread pays per outcome: the shard's row lookup and histogram. */
void shardRecord(benchmark::State &state)
{
    const int names = int(state.range(0));
    std::vector<RequestOutcome> outcomes;
    for (int n = 0; n < names; ++n)
        outcomes.push_back(outcome(n, 1000 + n));
    StatsShard shard;
    size_t i = 0;
    for (auto _ : state) {
        shard.record(outcomes[i++ % outcomes.size()]);
        if ((i & 65535) == 0)
            benchmark::DoNotOptimize(shard.takeDelta());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(shardRecord)->Arg(1)->Arg(20)->Arg(500);

/**
 * The Runner's per-second merge of one shard's delta: its cost follows the number of names
 * (range 0), not the number of requests in the delta (range 1) — compare rows with equal names.
 */
void statsMerge(benchmark::State &state)
{
    const int names = int(state.range(0));
    const int requests = int(state.range(1));
    StatsShard shard;
    for (int r = 0; r < requests; ++r)
        shard.record(outcome(r % names, 1000 + r % 5000));
    const StatsDelta delta = shard.takeDelta();
    Stats stats(1'700'000'000'000);
    for (auto _ : state)
        stats.merge(delta);
    state.SetItemsProcessed(state.iterations());
    state.counters["names"] = names;
    state.counters["requests/delta"] = requests;
}
BENCHMARK(statsMerge)->Args({10, 1000})->Args({10, 100000})->Args({200, 1000})->Args({200, 100000});

void templateRender(benchmark::State &state)
{
    const bool dynamic = state.range(0) != 0;
    const QString text = dynamic ? QStringLiteral(R"({"id": "{{uuid}}", "user": {{user.index}}, )"
                                                  R"("seq": {{user.seq}}, "room": "{{var.room}}"})")
                                 : QStringLiteral(R"({"type": "ping", "room": "lobby"})");
    const Template t = Template::parse(text, nullptr, Template::Escaping::Json);
    const QHash<QString, QString> vars{{QStringLiteral("room"), QStringLiteral("lobby")}};
    QRandomGenerator random(7);
    TemplateContext ctx;
    ctx.variables = &vars;
    ctx.random = &random;
    for (auto _ : state) {
        ++ctx.sequence;
        benchmark::DoNotOptimize(t.renderUtf8(ctx));
    }
    state.SetItemsProcessed(state.iterations());
    state.SetLabel(dynamic ? "uuid+user+var" : "static");
}
BENCHMARK(templateRender)->Arg(0)->Arg(1);

/** One send filed and its reply matched by "/id", with range(0) other sends in flight. */
void replyMatch(benchmark::State &state)
{
    const int inFlight = int(state.range(0));
    CompiledWsSend step;
    step.type = QStringLiteral("WS send");
    step.name = QStringLiteral("chat");
    step.await = WsSendStep::Await::Match;
    step.matchPointers = {QStringLiteral("/id")};
    step.timeoutMs = 10000;
    step.replies = 1;
    ReplyTable table;
    auto file = [&](qint64 id) {
        ParsedMessage sent(QByteArray(R"({"type":"chat","id":)") + QByteArray::number(id) + "}");
        PendingReply p;
        p.step = &step;
        if (ReplyTable::keyOf(step, sent, &p.key)) {
            p.sentNs = id;
            p.deadlineNs = id + step.timeoutMs * kNsPerMs;
            table.add(p);
        }
    };
    qint64 next = 0;
    for (; next < inFlight; ++next)
        file(next);
    std::vector<QByteArray> replies;
    for (int i = 0; i < 1024; ++i)
        replies.push_back(QByteArray(R"({"type":"reply","text":"hello there","id":)"));
    for (auto _ : state) {
        const qint64 id = next++;
        file(id);
        ParsedMessage reply(replies[size_t(id & 1023)] + QByteArray::number(id) + "}");
        benchmark::DoNotOptimize(table.take(reply, id + 1000));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(replyMatch)->Arg(0)->Arg(100);

} // namespace

BENCHMARK_MAIN();
