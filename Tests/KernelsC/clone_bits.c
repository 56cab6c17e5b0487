// The elementwise and optimizer kernels marked NK_VECTOR_CLONES have a baseline, an AVX2 and an
// AVX-512 copy chosen at load time; they must compute the same bits. This prints a hash of the
// bits of each kernel's results on fixed data; .ci/kernels-c-test.sh builds it with the copies and
// with -DNK_NO_TARGET_CLONES (baseline only) and compares the two outputs.
#include "NeuralKernels.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static unsigned long long h;
static void mix(const void *p, size_t bytes){const unsigned char*c=p;for(size_t i=0;i<bytes;i++)h=(h^c[i])*1099511628211ULL;}
static float *rnd(int n, unsigned s, float scale){float*x=malloc(n*4);for(int i=0;i<n;i++){s=s*1664525u+1013904223u;x[i]=((s>>8)/16777216.0f-0.5f)*scale;}return x;}
int main(){
  int n=100003; nk_set_threads(1);
  float *th=rnd(n,1,2),*g=rnd(n,2,1),*m=rnd(n,3,0.1f),*v=rnd(n,4,0.01f),*vm=rnd(n,5,0.01f);
  for(int i=0;i<n;i++){v[i]=v[i]<0?-v[i]:v[i];vm[i]=vm[i]<0?-vm[i]:vm[i];}
  nk_adam_hyperparameters a; memset(&a,0,sizeof a); a.beta1=0.9f;a.beta2=0.999f;a.one_minus_beta1=0.1f;a.one_minus_beta2=0.001f;a.step_size=1e-3f;a.bias_correction2_sqrt=0.3f;a.epsilon=1e-8f;a.decay_factor=0.99f;a.coupled_weight_decay=0.01f;
  h=1469598103934665603ULL; nk_adam_update(n,th,g,m,v,NULL,&a); nk_adam_update(n,th,g,m,v,vm,&a); mix(th,n*4);mix(m,n*4);mix(v,n*4);mix(vm,n*4); printf("adam %016llx\n",h);
  nk_sgd_hyperparameters s; memset(&s,0,sizeof s); s.learning_rate=0.01f;s.momentum=0.9f;s.one_minus_dampening=1;s.weight_decay=0.001f;s.nesterov=1;
  h=1469598103934665603ULL; nk_sgd_update(n,th,g,m,&s); mix(th,n*4);mix(m,n*4); printf("sgd %016llx\n",h);
  nk_rmsprop_hyperparameters r; memset(&r,0,sizeof r); r.learning_rate=0.01f;r.alpha=0.99f;r.one_minus_alpha=0.01f;r.epsilon=1e-8f;r.weight_decay=0.001f;r.momentum=0.9f;
  h=1469598103934665603ULL; nk_rmsprop_update(n,th,g,v,vm,m,&r); mix(th,n*4);mix(m,n*4);mix(v,n*4); printf("rmsprop %016llx\n",h);
  h=1469598103934665603ULL; nk_adagrad_update(n,th,g,v,0.01f,1e-10f,0.001f); mix(th,n*4);mix(v,n*4); printf("adagrad %016llx\n",h);
  double ss=nk_gradient_sum_of_squares(n,g); h=1469598103934665603ULL; mix(&ss,8); nk_gradient_scale(n,g,0.7f); nk_gradient_clamp(n,g,-0.2f,0.2f); mix(g,n*4); printf("clip %016llx\n",h);
  int rows=97, cols=103; float *z=rnd(rows*cols,7,8),*b=rnd(cols,8,1),*y=malloc(rows*cols*4),*d=rnd(rows*cols,9,1);
  for(int k=0;k<=7;k++){float *zz=malloc(rows*cols*4);memcpy(zz,z,rows*cols*4);h=1469598103934665603ULL;nk_bias_activation_forward((nk_activation)k,0.1f,rows,cols,b,zz,y);mix(zz,rows*cols*4);mix(y,rows*cols*4);float*dd=malloc(rows*cols*4);memcpy(dd,d,rows*cols*4);nk_activation_backward((nk_activation)k,0.1f,rows*cols,zz,y,dd);mix(dd,rows*cols*4);printf("activation %d %016llx\n",k,h);}
  float *cs=malloc(cols*4); h=1469598103934665603ULL; nk_column_sums(rows,cols,z,cs); mix(cs,cols*4); nk_softmax_rows(rows,cols,z,y); mix(y,rows*cols*4); nk_log_softmax_rows(rows,cols,z,y); mix(y,rows*cols*4); printf("sums-softmax %016llx\n",h);
  float *t=malloc(rows*4); for(int i=0;i<rows;i++)t[i]=(float)(i%cols); float *dl=malloc(rows*cols*4);
  h=1469598103934665603ULL; double l=nk_loss_categorical_cross_entropy(rows,cols,z,t,1,NULL,NULL,dl); mix(&l,8); mix(dl,rows*cols*4); printf("cce %016llx\n",h);
  float *tt=rnd(rows*cols,11,1); for(int i=0;i<rows*cols;i++)tt[i]=tt[i]>0;
  h=1469598103934665603ULL; l=nk_loss_binary_cross_entropy(rows,cols,z,tt,NULL,NULL,dl); mix(&l,8); mix(dl,rows*cols*4); for(int k=0;k<3;k++){l=nk_loss_regression((nk_regression_loss)k,1.0f,0.5f,rows,cols,z,tt,NULL,NULL,dl);mix(&l,8);mix(dl,rows*cols*4);} printf("bce-regression %016llx\n",h);
  h=1469598103934665603ULL; l=nk_l1_penalty(n,0.01f,th,g); mix(&l,8); l=nk_l2_penalty(n,0.01f,th,g); mix(&l,8); mix(g,n*4); nk_scaled_add(n,0.3f,th,g); nk_scale(n,1.7f,g); nk_multiply(n,th,g,m); mix(m,n*4); printf("penalty-misc %016llx\n",h);
}
