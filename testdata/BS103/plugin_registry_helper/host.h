#ifndef HOST_H
#define HOST_H

// host_load_all starts every built-in plugin's init function on a thread of
// its own and waits for all of them. Plugins announce their commands through
// goRegisterCommand. It returns the number of plugins loaded.
int host_load_all(void);

#endif
