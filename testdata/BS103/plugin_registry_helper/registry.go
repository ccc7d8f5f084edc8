package main

/*
#cgo LDFLAGS: -lpthread
#include "host.h"
*/
import "C"

import (
	"fmt"
	"sort"
)

// command is what a plugin registered under one name.
type command struct {
	name    string
	minArgs int
	plugin  int
}

// handlers maps command names to their providers. The plugins' init
// functions fill it from the host's loader threads.
var handlers = map[string]command{}

// loaded counts registrations per name, for the duplicate report.
var loaded = map[string]int{}

//export goRegisterCommand
func goRegisterCommand(name *C.char, minArgs C.int) {
	register(C.GoString(name), int(minArgs))
}

// register records a plugin command; a later registration of the same name
// replaces the earlier one.
func register(name string, minArgs int) {
	n := loaded[name] + 1
	loaded[name] = n                                                  // want BS103
	handlers[name] = command{name: name, minArgs: minArgs, plugin: n} // want BS103
}

func loadPlugins() int {
	return int(C.host_load_all())
}

// commands lists the registered names in order.
func commands() []string {
	names := make([]string, 0, len(handlers))
	for name := range handlers {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// dispatch checks a command line against the registered command.
func dispatch(name string, args []string) error {
	cmd, ok := handlers[name]
	if !ok {
		return fmt.Errorf("unknown command %q", name)
	}
	if len(args) < cmd.minArgs {
		return fmt.Errorf("%s: need %d arguments, got %d", name, cmd.minArgs, len(args))
	}
	return nil
}
