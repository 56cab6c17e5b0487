// Elementwise loops of a network's forward and backward passes (activations, bias, softmax,
// reductions). Declarations are added here by the code that needs them.
#ifndef NEURAL_ELEMENTWISE_H
#define NEURAL_ELEMENTWISE_H
#include <stddef.h>
#include <stdint.h>
#endif
