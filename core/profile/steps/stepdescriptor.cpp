#include "profile/steps/stepdescriptor.h"

#include "profile/steps/stepkinds.h"

namespace cicada {

const QList<StepDescriptor> &stepDescriptors()
{
    // Built once, on first use (thread-safe static initialisation), in Step::Kind order.
    static const QList<StepDescriptor> kAll = {httpStepDescriptor(),   wsConnectStepDescriptor(),
                                               wsSendStepDescriptor(), wsAwaitStepDescriptor(),
                                               thinkStepDescriptor(),  closeStepDescriptor()};
    return kAll;
}

const StepDescriptor *findStepDescriptor(const QString &key)
{
    for (const StepDescriptor &d : stepDescriptors()) {
        if (d.key == key)
            return &d;
    }
    return nullptr;
}

const StepDescriptor &stepDescriptor(Step::Kind kind)
{
    return stepDescriptors().at(qsizetype(kind));
}

QStringList StepDescriptor::keyNames() const
{
    QStringList names;
    for (const StepKey &k : keys)
        names.append(k.name);
    return names;
}

QStringList StepDescriptor::schema2KeyNames() const
{
    QStringList names;
    for (const StepKey &k : keys) {
        if (k.schema >= 2)
            names.append(k.name);
    }
    return names;
}

const StepKey *StepDescriptor::findKey(const QString &name) const
{
    for (const StepKey &k : keys) {
        if (k.name == name)
            return &k;
    }
    return nullptr;
}

} // namespace cicada
