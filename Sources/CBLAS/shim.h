#include <cblas.h>
/* OpenBLAS extension: lets kernels that parallelise over the batch themselves
   run GEMM single-threaded inside their workers. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
