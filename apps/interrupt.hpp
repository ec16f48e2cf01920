#pragma once
// SIGINT and SIGTERM: say what is saved and the command that continues, then exit 130 / 143.
// Every output is crash-safe (a killed run leaves its last flushed state), so a command can stop at
// any moment; it keeps this text up to date as it saves.
#include <string>

namespace simforge::app {

void install_interrupt_handlers();
// What a stop now would leave, e.g. "12 of 96 samples are saved in out.h5.partial; continue with:
// simforge generate c.yaml --resume". Safe to call from the work loop (not from a signal handler).
void set_interrupt_note(const std::string& note);

}  // namespace simforge::app
