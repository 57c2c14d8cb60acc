#include "engine/httpexecutor.h"

#include "engine/compiledprofile.h"
#include "engine/parsedmessage.h"
#include "engine/responserules.h"
#include "engine/stepsequence.h"
#include "engine/usercontext.h"
#include "http/httptransport.h"

#include <QElapsedTimer>

namespace cicada {

void HttpExecutor::start(const CompiledHttp &step, UserContext &context, StepCall call)
{
    context.nextSequence();
    const TemplateContext ctx = context.templateContext();
    const CompiledProfile &profile = context.profile();
    HttpRequest request;
    request.method = step.method;
    const auto makeUrl = [&] {
        const QString path = step.path.render(ctx);
        if (step.absolutePath)
            return QUrl(path);
        const QString &base = profile.baseUrlPrefix;
        return QUrl(path.startsWith(QLatin1Char('/')) ? base + path
                                                      : base + QLatin1Char('/') + path);
    };
    request.url = step.path.isStatic() ? context.cachedUrl(&step, makeUrl) : makeUrl();
    // Most GETs carry no header of their own: no list allocation for them.
    const qsizetype headerCount =
        profile.headers.size() + step.headers.size() + (step.binary || step.jsonBody ? 1 : 0);
    if (headerCount > 0)
        request.headers.reserve(headerCount);
    bool hasContentType = false;
    for (const auto &h : profile.headers)
        request.headers.append({h.first, h.second.renderUtf8(ctx)});
    for (const auto &h : step.headers) {
        hasContentType |= h.first.compare("content-type", Qt::CaseInsensitive) == 0;
        request.headers.append({h.first, h.second.renderUtf8(ctx)});
    }
    if (step.binary) {
        request.body = step.binaryBody;
        if (!hasContentType)
            request.headers.append(
                {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/octet-stream")});
    } else if (step.hasBody) {
        request.body = step.body.renderUtf8(ctx);
        if (step.jsonBody && !hasContentType)
            request.headers.append(
                {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    }
    request.timeoutMs = int(std::min<qint64>(step.timeoutMs, std::numeric_limits<int>::max()));
    if (step.maxBodyBytes > 0)
        request.maxBodyBytes = step.maxBodyBytes;
    request.verifyTls = profile.profile.target.verifyTls;
    // Only captures (by header) read a response's headers: without rules, none are copied.
    request.wantHeaders = !step.captures.isEmpty() || !step.checks.isEmpty();

    QElapsedTimer clock;
    clock.start();
    const QUrl url = request.url;
    context.http().send(request, [&step, &context, call, clock, url](const HttpResponse &response) {
        if (!call.alive())
            return; // the user stopped meanwhile: the step was abandoned
        const qint64 us = clock.nsecsElapsed() / 1000;
        const QString error = evaluate(step, response, context, url);
        context.reportOperation(step.type, step.name, us, response.body.size(), error);
        call.done();
    });
}

QString HttpExecutor::evaluate(const CompiledHttp &step, const HttpResponse &response,
                               UserContext &context, const QUrl &url)
{
    if (!response.error.isEmpty())
        return response.error;
    if (!step.expectStatus.isEmpty()) {
        if (!step.expectStatus.contains(response.status)) {
            QStringList expected;
            for (int code : step.expectStatus)
                expected << QString::number(code);
            return QStringLiteral("Unexpected status %1 (expected %2)")
                .arg(response.status)
                .arg(expected.join(QStringLiteral(" or ")));
        }
    } else if (response.status >= 400) {
        return QStringLiteral("HTTP %1").arg(response.status);
    }
    if (step.checks.isEmpty() && step.captures.isEmpty())
        return {};
    ParsedMessage body(response.body);
    return ResponseRules::apply(step.checks, step.captures, body, context, &response, url);
}

} // namespace cicada
