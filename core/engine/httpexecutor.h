#pragma once

#include "engine/compiledsteps.h"

namespace cicada {

class StepCall;
class UserContext;
struct HttpResponse;

/**
 * @brief Runs an `http` step: renders the request, sends it on the user's transport with the
 * step's timeout and body limit, then reports one operation row (type = method) whose error is,
 * in this order, the transport's, an unexpected status, the first failed check (named), or the
 * first capture that found nothing (named). Captures are stored only when everything passed.
 */
class HttpExecutor
{
public:
    static void start(const CompiledHttp &step, UserContext &context, StepCall call);
    /** The error for @p response (empty: success); stores the captures on success. Pure apart
     *  from the context's captures and cookie jar; used by start() and by tests. */
    [[nodiscard]] static QString evaluate(const CompiledHttp &step, const HttpResponse &response,
                                          UserContext &context, const QUrl &url);
};

} // namespace cicada
