// Package uuids registers 128-bit UUIDs with a C Bluetooth stack. A UUID is an array, so
// a method with a value receiver has a copy of its own: handing `&uuid[0]` of that copy to C
// does not race with a goroutine that fills another UUID (not a finding). The stack's
// table of registered handles is one package-level array: C writes it on the registering
// goroutine while `Handle` reads an element (a finding).
package uuids

/*
#include <stdint.h>
int ble_uuid_add(const void *uuid, uint8_t *type);
int ble_table_sync(int *table, int n);
*/
import "C"

import "unsafe"

// UUID is a 128-bit UUID in four words.
type UUID [4]uint32

// New16 is the standard UUID of a 16-bit short UUID.
func New16(short uint16) UUID {
	var uuid UUID
	uuid[0] = 0x5F9B34FB
	uuid[1] = 0x80000080
	uuid[2] = 0x00001000
	uuid[3] = uint32(short)
	return uuid
}

// Register adds the UUID to the stack's table of vendor UUIDs.
func (uuid UUID) Register() uint8 {
	var kind C.uint8_t
	C.ble_uuid_add(unsafe.Pointer(&uuid[0]), &kind)
	return uint8(kind)
}

var handles [16]C.int

// Service is a GATT service.
type Service struct {
	UUID UUID
	Name string
}

// Advertise registers the device information service while it builds the standard
// services on a goroutine of its own.
func Advertise(short []uint16) []Service {
	out := make(chan Service, len(short))
	go func() {
		for _, s := range short {
			out <- Service{UUID: New16(s)}
		}
		close(out)
	}()
	info := Service{UUID: New16(0x180A), Name: "device information"}
	info.UUID.Register()
	all := []Service{info}
	for svc := range out {
		all = append(all, svc)
	}
	return all
}

// Sync refreshes the table of handles in the background.
func Sync() {
	go func() {
		C.ble_table_sync(&handles[0], C.int(len(handles))) // want BS102
	}()
}

// Handle is the handle registered in slot i.
func Handle(i int) int {
	return int(handles[i])
}
