// Fused optimiser updates over a flat parameter vector (one pass over all parameters).
#ifndef NEURAL_OPTIMIZERS_H
#define NEURAL_OPTIMIZERS_H
#include <stddef.h>
#include <stdint.h>
#endif
