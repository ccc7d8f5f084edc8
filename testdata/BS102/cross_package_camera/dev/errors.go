package dev

import "errors"

var errGrab = errors.New("dev: frame capture failed")
