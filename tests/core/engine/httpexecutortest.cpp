// The http executor against a fake transport: what reaches the transport, and how responses
// become rows (checks and captures named, captures used by later requests).
#include "engine/httpexecutor.h"

#include "engine/compiledprofile.h"
#include "engine/stepsequence.h"
#include "engine/usercontext.h"
#include "http/httptransport.h"
#include "stats/requestoutcome.h"

#include <QNetworkCookieJar>
#include <QRandomGenerator>
#include <QTest>

using namespace cicada;

namespace {

/** Records requests; answers each with the next scripted response (from the event loop). */
class FakeHttpTransport final : public HttpTransport
{
public:
    void send(const HttpRequest &request, Callback done) override
    {
        requests.append(request);
        if (holdResponses) {
            held = std::move(done);
            return;
        }
        deliverLater(std::move(done), responses.isEmpty() ? HttpResponse{} : responses.takeFirst());
    }
    [[nodiscard]] QNetworkCookieJar *cookieJar() const override { return m_jar; }
    void abort() override {}

    QList<HttpRequest> requests;
    QList<HttpResponse> responses;
    bool holdResponses = false;
    Callback held;

private:
    QNetworkCookieJar *m_jar = new QNetworkCookieJar(this);
};

HttpResponse response(int status, const QByteArray &body, HttpHeaders headers = {})
{
    HttpResponse r;
    r.status = status;
    r.body = body;
    r.headers = std::move(headers);
    return r;
}

CompiledHttp get(const QString &path)
{
    CompiledHttp h;
    h.method = "GET";
    h.type = QStringLiteral("GET");
    h.name = path;
    h.path = Template::parse(path, nullptr);
    h.timeoutMs = 30000;
    return h;
}

class Kit
{
public:
    Kit()
    {
        profile.baseUrlPrefix = QStringLiteral("http://127.0.0.1:9");
        fake = new FakeHttpTransport;
        context =
            std::make_unique<UserContext>(0, profile, fake, &owner, &random,
                                          [this](const RequestOutcome &o) { outcomes.append(o); });
        sequence = std::make_unique<StepSequence>(*context);
    }
    bool run(const CompiledSteps &steps)
    {
        bool done = false;
        sequence->run(&steps, [&done] { done = true; });
        return QTest::qWaitFor([&done] { return done; }, 5000);
    }

    CompiledProfile profile;
    QObject owner;
    QRandomGenerator random{1};
    FakeHttpTransport *fake = nullptr;
    QList<RequestOutcome> outcomes;
    std::unique_ptr<UserContext> context;
    std::unique_ptr<StepSequence> sequence;
};

} // namespace

class HttpExecutorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stepTimeoutAndBodyLimitReachTheTransport();
    void failedCheckNamesItself();
    void capturesFeedTheNextRequestsPathAndHeader();
    void missingCaptureFailsNamedAndStoresNothing();
    void transportErrorAndStatusComeBeforeChecks();
    void abandonedStepReportsNothing();
};

void HttpExecutorTest::stepTimeoutAndBodyLimitReachTheTransport()
{
    Kit kit;
    CompiledHttp step = get(QStringLiteral("/a"));
    step.timeoutMs = 2900;
    step.maxBodyBytes = 4096;
    kit.fake->responses = {response(200, "ok")};
    QVERIFY(kit.run({{step}}));
    QCOMPARE(kit.fake->requests.size(), 1);
    QCOMPARE(kit.fake->requests.first().timeoutMs, 2900);
    QCOMPARE(kit.fake->requests.first().maxBodyBytes, 4096);
    QCOMPARE(kit.fake->requests.first().url, QUrl(QStringLiteral("http://127.0.0.1:9/a")));
    QCOMPARE(kit.outcomes.size(), 1);
    QCOMPARE(kit.outcomes.first().kind, RequestOutcome::Kind::Operation);
    QVERIFY(!kit.outcomes.first().failed());
    QCOMPARE(kit.outcomes.first().contentLength, 2);
}

void HttpExecutorTest::failedCheckNamesItself()
{
    Kit kit;
    CompiledHttp step = get(QStringLiteral("/s"));
    step.checks = {Condition{QStringLiteral("/ok"), Condition::Op::Exists, {}},
                   Condition{QStringLiteral("/status"), Condition::Op::Equals,
                             QJsonValue(QStringLiteral("ok"))}};
    kit.fake->responses = {response(200, R"({"ok":1,"status":"error"})")};
    QVERIFY(kit.run({{step}}));
    const QString error = kit.outcomes.first().error;
    QVERIFY2(error.contains(QLatin1String("/status")) && error.contains(QLatin1String("error")),
             qPrintable(error));
}

void HttpExecutorTest::capturesFeedTheNextRequestsPathAndHeader()
{
    Kit kit;
    CompiledHttp login = get(QStringLiteral("/login"));
    login.captures = {
        Capture{QStringLiteral("token"), Capture::Source::Json, QStringLiteral("/auth/token")},
        Capture{QStringLiteral("room"), Capture::Source::Header, QStringLiteral("x-room")},
        Capture{QStringLiteral("order"), Capture::Source::Regex, QStringLiteral("order=(\\d+)")}};
    CompiledHttp use = get(QStringLiteral("/items/{{capture.token}}?o={{capture.order}}"));
    use.headers = {{QByteArrayLiteral("X-Room"),
                    Template::parse(QStringLiteral("{{capture.room}}"), nullptr)}};
    kit.fake->responses = {response(200, R"({"auth":{"token":"abc"},"note":"order=77"})",
                                    {{QByteArrayLiteral("X-Room"), QByteArrayLiteral("r1")}}),
                           response(200, "{}")};
    QVERIFY(kit.run({{login}, {use}}));
    QCOMPARE(kit.fake->requests.size(), 2);
    QCOMPARE(kit.fake->requests[1].url, QUrl(QStringLiteral("http://127.0.0.1:9/items/abc?o=77")));
    QCOMPARE(kit.fake->requests[1].headers.value(0).second, QByteArrayLiteral("r1"));
    QVERIFY(!kit.outcomes[0].failed());
}

void HttpExecutorTest::missingCaptureFailsNamedAndStoresNothing()
{
    Kit kit;
    CompiledHttp step = get(QStringLiteral("/c"));
    step.captures = {Capture{QStringLiteral("a"), Capture::Source::Json, QStringLiteral("/a")},
                     Capture{QStringLiteral("b"), Capture::Source::Json, QStringLiteral("/b")}};
    kit.fake->responses = {response(200, R"({"a":"1"})")};
    QVERIFY(kit.run({{step}}));
    QVERIFY2(kit.outcomes.first().error.contains(QLatin1String("'b'")),
             qPrintable(kit.outcomes.first().error));
    QVERIFY(kit.context->captures().isEmpty()); // all or nothing
}

void HttpExecutorTest::transportErrorAndStatusComeBeforeChecks()
{
    Kit kit;
    CompiledHttp step = get(QStringLiteral("/e"));
    step.checks = {Condition{QStringLiteral("/x"), Condition::Op::Exists, {}}};
    step.expectStatus = {201};
    HttpResponse refused;
    refused.error = QStringLiteral("Connection refused");
    kit.fake->responses = {refused, response(200, R"({"x":1})")};
    QVERIFY(kit.run({{step}, {step}}));
    QCOMPARE(kit.outcomes[0].error, QStringLiteral("Connection refused"));
    QCOMPARE(kit.outcomes[1].error, QStringLiteral("Unexpected status 200 (expected 201)"));
}

void HttpExecutorTest::abandonedStepReportsNothing()
{
    Kit kit;
    kit.fake->holdResponses = true;
    const CompiledSteps steps{{get(QStringLiteral("/slow"))}};
    bool finished = false;
    kit.sequence->run(&steps, [&finished] { finished = true; });
    QCOMPARE(kit.fake->requests.size(), 1);
    kit.sequence->cancel(); // the user stopped
    kit.fake->held(response(200, "late"));
    QVERIFY(kit.outcomes.isEmpty());
    QVERIFY(!finished);
}

QTEST_GUILESS_MAIN(HttpExecutorTest)
#include "httpexecutortest.moc"
