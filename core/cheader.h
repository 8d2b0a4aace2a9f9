/*
 * cheader: reading a plain object-like #define from a C header's text, so that a version
 * macro can be read without starting the preprocessor (which costs ten times a whole warm
 * resolve). Only the unambiguous case is answered; anything else is left to the preprocessor.
 */
#ifndef NP_CORE_CHEADER_H
#define NP_CORE_CHEADER_H

enum np_cheader_result {
	NP_CHEADER_ABSENT,  /* no #define of the name */
	NP_CHEADER_PLAIN,   /* defined once, to string literals or a decimal number */
	NP_CHEADER_COMPLEX, /* defined more than once, as a function, or to an expression */
};

/*
 * Looks for `#define name value` in text. For NP_CHEADER_PLAIN, *value (caller-freed) is the
 * string literals concatenated or the number.
 */
enum np_cheader_result np_cheader_define(const char *text, const char *name, char **value);

#endif
