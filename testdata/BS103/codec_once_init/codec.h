#ifndef CODEC_H
#define CODEC_H

#define CODEC_TILE 16

// codec_decode decodes an image of ntiles tiles, one thread per tile. Each
// thread asks goColorProfile for the id of the tile's embedded profile and
// maps every sample through goGamma. out receives ntiles*CODEC_TILE samples.
void codec_decode(const char *profile, int ntiles, unsigned char *out);

#endif
