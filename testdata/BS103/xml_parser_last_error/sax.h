#ifndef SAX_H
#define SAX_H

// sax_parse_all scans n XML documents, each on a thread of its own. For every
// start tag it calls goOnStartElement, and for every malformed tag
// goOnParseError with the line it is on. It returns the number of documents
// that parsed without error.
int sax_parse_all(char **docs, int n);

#endif
