#pragma once

#include "profile/steps/httpstep.h"
#include "profile/steps/thinkstep.h"
#include "profile/steps/wsawaitstep.h"
#include "profile/steps/wsconnectstep.h"
#include "profile/steps/wssendstep.h"

#include <QString>

#include <type_traits>
#include <variant>

namespace cicada {

/**
 * @brief One step of a task, of onStart / onStop, or of a wsConnect's onConnect: a variant of the
 * per-kind structs plus the free-text comment every step may carry.
 *
 * Each kind has one StepDescriptor (stepdescriptor.h) that reads, writes, defaults and
 * summarises it; nothing else spells out a kind's keys.
 */
struct Step
{
    enum class Kind
    {
        Http,
        WsConnect,
        WsSend,
        WsAwait,
        Think,
        Close
    };
    using Spec =
        std::variant<HttpStep, WsConnectStep, WsSendStep, WsAwaitStep, ThinkStep, CloseStep>;

    Spec spec;
    QString comment;

    Step() = default;
    /** Implicit on purpose: `Step s = HttpStep{...};` */
    template <typename T>
    requires(!std::is_same_v<std::decay_t<T>, Step> && std::is_constructible_v<Spec, T>)
        Step(T kindSpec, QString stepComment = {})
        : spec(std::move(kindSpec)), comment(std::move(stepComment))
    {}

    [[nodiscard]] Kind kind() const { return Kind(spec.index()); }
    template <typename T> [[nodiscard]] bool is() const { return std::holds_alternative<T>(spec); }
    /** The kind struct; the step must hold a T. */
    template <typename T> [[nodiscard]] const T &as() const { return std::get<T>(spec); }
    template <typename T> [[nodiscard]] T &as() { return std::get<T>(spec); }
    /** The kind struct or nullptr. */
    template <typename T> [[nodiscard]] const T *get() const { return std::get_if<T>(&spec); }
    template <typename T> [[nodiscard]] T *get() { return std::get_if<T>(&spec); }

    bool operator==(const Step &) const = default;
};

} // namespace cicada
