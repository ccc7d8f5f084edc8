#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>

#include "sax.h"
#include "_cgo_export.h"

#define SAX_NAME_MAX 64

struct sax_job {
	const char *doc;
	int ok;
};

static void *sax_scan(void *arg) {
	struct sax_job *job = arg;
	char name[SAX_NAME_MAX];
	int line = 1, depth = 0;

	job->ok = 1;
	for (const char *p = job->doc; *p != '\0'; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		if (*p != '<') {
			continue;
		}
		p++;
		if (*p == '/') {
			depth--;
			continue;
		}
		if (*p == '?' || *p == '!') {
			continue;
		}
		int n = 0;
		while (n < SAX_NAME_MAX - 1 && (isalnum((unsigned char)*p) || *p == '-' || *p == ':')) {
			name[n++] = *p++;
		}
		name[n] = '\0';
		if (n == 0) {
			goOnParseError(line, "expected an element name after '<'");
			job->ok = 0;
			continue;
		}
		goOnStartElement(name, depth++);
		p--;
	}
	return NULL;
}

int sax_parse_all(char **docs, int n) {
	pthread_t *threads = calloc((size_t)n, sizeof *threads);
	struct sax_job *jobs = calloc((size_t)n, sizeof *jobs);
	int started = 0, ok = 0;

	for (int i = 0; i < n; i++) {
		jobs[started].doc = docs[i];
		if (pthread_create(&threads[started], NULL, sax_scan, &jobs[started]) == 0) {
			started++;
		}
	}
	for (int i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
		ok += jobs[i].ok;
	}
	free(threads);
	free(jobs);
	return ok;
}
