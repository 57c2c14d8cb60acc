// Fuzz target: the template engine — parse any text (plain and JSON-escaped), render it.
#include "profile/template.h"

#include <QRandomGenerator>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace cicada;
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    static const QHash<QString, QString> variables = {
        {QStringLiteral("room"), QStringLiteral("lobby")}};
    static const QHash<QString, QString> environment = {
        {QStringLiteral("HOME"), QStringLiteral("/root")}};
    QRandomGenerator random(42);
    TemplateContext ctx;
    ctx.userIndex = 3;
    ctx.sequence = 7;
    ctx.variables = &variables;
    ctx.environment = &environment;
    ctx.random = &random;
    for (const auto escaping : {Template::Escaping::None, Template::Escaping::Json}) {
        QStringList errors;
        const Template t = Template::parse(text, &errors, escaping);
        (void)t.render(ctx);
        (void)t.renderUtf8(ctx);
        (void)t.envNames();
        (void)t.varNames();
    }
    return 0;
}
