package main

import "fmt"

func main() {
	n := loadPlugins()
	fmt.Printf("%d plugins loaded, commands: %v\n", n, commands())
	for name, count := range loaded {
		if count > 1 {
			fmt.Printf("%s registered %d times\n", name, count)
		}
	}
	for _, line := range [][]string{{"gzip", "a.txt"}, {"tar", "x"}, {"zip"}} {
		if err := dispatch(line[0], line[1:]); err != nil {
			fmt.Println(err)
		}
	}
}
